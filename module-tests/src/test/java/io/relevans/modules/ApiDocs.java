package io.relevans.modules;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Finds the parts of an API without a doc comment, from the sources: each exported package (its
 * {@code package-info.java}), each public type in it and, in a type an application sees, each public or
 * protected nested type, field, enum constant, constructor and method. Not needed where the Javadoc tool
 * supplies one: a method that overrides ({@code @Override}, it inherits the comment), a record's compact
 * constructor (the record's {@code @param} tags describe it). A public class without a constructor of its
 * own has a public default constructor, which the Javadoc tool lists without a comment: reported too.
 *
 * <p>What the Javadoc tool's {@code missing} check reports as "no comment", without its demand for a
 * {@code @param} and {@code @return} tag on every method (the parent pom turns that check off).
 */
final class ApiDocs {

    private ApiDocs() {
    }

    /**
     * One line per undocumented part ({@code file:line: what}), sorted; empty when everything is documented.
     *
     * @param sourceRoot the source folder, such as {@code core/src/main/java}
     * @param packages   the packages to check (the exported ones)
     */
    static List<String> undocumented(Path sourceRoot, Set<String> packages) {
        List<Path> sources = new ArrayList<>();
        for (String p : packages) {
            Path dir = sourceRoot.resolve(p.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the sources of package " + p + " in " + dir, e);
            }
            if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                throw new AssertionError("package " + p + " has no package-info.java in " + dir);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        TreeSet<String> out = new TreeSet<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new Scanner(unit, docs, sourceRoot, out).unit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    /** Walks one source file. */
    private static final class Scanner {
        private final CompilationUnitTree unit;
        private final DocTrees docs;
        private final String file;
        private final TreeSet<String> out;

        Scanner(CompilationUnitTree unit, DocTrees docs, Path sourceRoot, TreeSet<String> out) {
            this.unit = unit;
            this.docs = docs;
            Path source = Path.of(unit.getSourceFile().toUri());
            this.file = sourceRoot.toAbsolutePath().relativize(source).toString().replace('\\', '/');
            this.out = out;
        }

        void unit() {
            TreePath top = new TreePath(unit);
            if (file.endsWith("package-info.java")) {
                if (unit.getPackage() == null || docs.getDocCommentTree(new TreePath(top, unit.getPackage())) == null) {
                    report(unit, "package " + unit.getPackageName());
                }
                return;
            }
            for (Tree t : unit.getTypeDecls()) {
                if (t instanceof ClassTree c && c.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                    type(new TreePath(top, c), c);
                }
            }
        }

        /** A type an application sees, and its members. */
        private void type(TreePath path, ClassTree type) {
            need(path, type, kind(type) + " " + type.getSimpleName());
            boolean iface = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
            boolean constructor = false;
            for (Tree m : type.getMembers()) {
                TreePath at = new TreePath(path, m);
                if (m instanceof ClassTree nested) {
                    if (visible(nested.getModifiers(), iface)) {
                        type(at, nested);
                    }
                } else if (m instanceof MethodTree method) {
                    boolean isConstructor = method.getReturnType() == null;
                    constructor |= isConstructor;
                    if (!visible(method.getModifiers(), iface) || overrides(method) || compact(type, method)) {
                        continue;
                    }
                    need(at, method, (isConstructor ? "constructor " + type.getSimpleName() : "method "
                            + method.getName()) + "(" + method.getParameters().size() + " parameters)");
                } else if (m instanceof VariableTree field && visible(field.getModifiers(), iface)) {
                    need(at, field, (isEnumConstant(field, type) ? "enum constant " : "field ") + field.getName());
                }
            }
            if (!constructor && type.getKind() == Tree.Kind.CLASS) {
                report(type, "default constructor of " + type.getSimpleName() + " (declare one with a comment)");
            }
        }

        private void need(TreePath path, Tree tree, String what) {
            if (docs.getDocCommentTree(path) == null) {
                report(tree, what);
            }
        }

        private void report(Tree tree, String what) {
            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, tree));
            out.add(file + ":" + line + ": " + what);
        }

        private static boolean visible(ModifiersTree modifiers, boolean inInterface) {
            Set<Modifier> flags = modifiers.getFlags();
            return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
                    || inInterface && !flags.contains(Modifier.PRIVATE);
        }

        private static boolean overrides(MethodTree method) {
            return method.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().equals("Override")
                            || a.getAnnotationType().toString().equals("java.lang.Override"));
        }

        /** A record's compact canonical constructor: declared without a parameter list. */
        private boolean compact(ClassTree type, MethodTree method) {
            if (type.getKind() != Tree.Kind.RECORD || method.getReturnType() != null || method.getBody() == null) {
                return false;
            }
            long modifiersEnd = docs.getSourcePositions().getEndPosition(unit, method.getModifiers());
            long from = modifiersEnd >= 0 ? modifiersEnd : docs.getSourcePositions().getStartPosition(unit, method);
            long body = docs.getSourcePositions().getStartPosition(unit, method.getBody());
            return from >= 0 && body > from && !source(from, body).contains("(");
        }

        private String source(long from, long to) {
            try {
                return unit.getSourceFile().getCharContent(true).subSequence((int) from, (int) to).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An enum's constants are, once parsed, its fields of its own type with a {@code new} initializer. */
        private static boolean isEnumConstant(VariableTree field, ClassTree type) {
            return type.getKind() == Tree.Kind.ENUM && field.getInitializer() instanceof NewClassTree
                    && field.getType() != null && field.getType().toString().equals(type.getSimpleName().toString());
        }

        private static String kind(ClassTree type) {
            return switch (type.getKind()) {
                case INTERFACE -> "interface";
                case ENUM -> "enum";
                case RECORD -> "record";
                case ANNOTATION_TYPE -> "annotation";
                default -> "class";
            };
        }
    }
}
