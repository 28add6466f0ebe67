/** Channel adapters: email over SMTP (Jakarta Mail), SMS and push through an HTTP webhook. */
module io.relevans.channels {
    exports io.relevans.channels;

    requires transitive io.relevans.core;
    requires static transitive org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.jsoup;
    requires java.net.http;
}
