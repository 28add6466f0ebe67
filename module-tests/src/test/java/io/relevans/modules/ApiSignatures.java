package io.relevans.modules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds public signatures of exported packages that name a type an application cannot or should not use: a
 * type of an internal package ({@code ...internal...}) or of Drools ({@code org.kie}, {@code org.drools}).
 * Looks at the supertypes of public classes and at the types (with their type arguments) of their public and
 * protected fields, constructors and methods, parameters and throws clauses included.
 */
final class ApiSignatures {

    private ApiSignatures() {
    }

    /** Whether an API may not name the type. */
    static boolean forbidden(JavaClass type) {
        JavaClass t = type.getBaseComponentType();
        String name = t.getName();
        return name.startsWith("org.kie.") || name.startsWith("org.drools.")
                || ("." + t.getPackageName() + ".").contains(".internal.");
    }

    /** One line per signature that names a forbidden type, sorted; empty when the API is clean. */
    static List<String> violations(JavaClasses classes, Set<String> exportedPackages) {
        TreeSet<String> out = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!exportedPackages.contains(c.getPackageName()) || !visible(c)) {
                continue;
            }
            check(out, c.getName() + " extends", c.getRawSuperclass().stream().toList());
            check(out, c.getName() + " implements", c.getRawInterfaces());
            boolean extendable = !c.getModifiers().contains(JavaModifier.FINAL);
            for (JavaField f : c.getFields()) {
                if (api(f.getModifiers(), extendable)) {
                    check(out, c.getName() + "." + f.getName(), f.getType().getAllInvolvedRawTypes());
                }
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!api(m.getModifiers(), extendable) || m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || m.getModifiers().contains(JavaModifier.BRIDGE)) {
                    continue;
                }
                String where = c.getName() + "." + m.getName() + "(...)";
                check(out, where + " returns", m.getReturnType().getAllInvolvedRawTypes());
                for (JavaType p : m.getParameterTypes()) {
                    check(out, where + " takes", p.getAllInvolvedRawTypes());
                }
                check(out, where + " throws", m.getThrowsClause().getTypes());
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean visible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean api(Set<JavaModifier> modifiers, boolean extendable) {
        return modifiers.contains(JavaModifier.PUBLIC) || extendable && modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void check(Collection<String> out, String where, Collection<JavaClass> types) {
        for (JavaClass t : types) {
            if (forbidden(t)) {
                out.add(where + " " + t.getBaseComponentType().getName());
            }
        }
    }
}
