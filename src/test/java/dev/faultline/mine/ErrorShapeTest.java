package dev.faultline.mine;

import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorShapeTest {

    private static ErrorShape plain(String text) {
        return ErrorShape.of(text, Severity.DEFAULT);
    }

    @Test
    void aPythonTracebackIsItsFinalExceptionAndItsInnermostApplicationFrame() {
        String traceback = String.join("\n",
                "Traceback (most recent call last):",
                "  File \"/usr/local/lib/python3.12/site-packages/gunicorn/arbiter.py\", line 608, in spawn_worker",
                "    worker.init_process()",
                "  File \"/app/inventory/main.py\", line 12, in <module>",
                "    from inventory.features import FEATURES",
                "  File \"/app/inventory/features.py\", line 17, in load_features",
                "    return json.load(fh)",
                "           ^^^^^^^^^^^^^",
                "  File \"/usr/local/lib/python3.12/json/decoder.py\", line 354, in raw_decode",
                "    obj, end = self.scan_once(s, idx)",
                "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 14 column 5 (char 312)");
        ErrorShape shape = plain(traceback);
        assertThat(shape.kind()).isEqualTo(ErrorShape.Kind.EXCEPTION);
        assertThat(shape.line()).startsWith("json.decoder.JSONDecodeError: Expecting property name");
        assertThat(shape.frame()).isEqualTo("/app/inventory/features.py in load_features");
        // the same traceback logged as one JSON message with literal \n separators
        assertThat(plain(traceback.replace("\n", "\\n"))).isEqualTo(shape);
    }

    @Test
    void aJavaStackIsItsRootCauseAndTheFirstFrameOutsideTheLibraries() {
        String stack = String.join("\n",
                "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'orderRepository'",
                "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1786)",
                "\tat com.acme.orders.OrdersApplication.main(OrdersApplication.java:12)",
                "Caused by: java.net.ConnectException: Connection refused",
                "\tat java.base/sun.nio.ch.Net.connect0(Native Method)",
                "\tat com.acme.orders.db.Pool.open(Pool.java:41)",
                "\t... 12 more");
        ErrorShape shape = plain(stack);
        assertThat(shape.kind()).isEqualTo(ErrorShape.Kind.EXCEPTION);
        assertThat(shape.line()).isEqualTo("java.net.ConnectException: Connection refused");
        assertThat(shape.frame()).isEqualTo("com.acme.orders.db.Pool.open");
    }

    @Test
    void nodeAndGoStacksToo() {
        ErrorShape node = plain("TypeError: Cannot read properties of undefined (reading 'id')\n"
                + "    at handler (/app/src/routes/orders.js:41:22)\n    at node:internal/process/task_queues:95:5");
        assertThat(node.kind()).isEqualTo(ErrorShape.Kind.EXCEPTION);
        assertThat(node.frame()).isEqualTo("/app/src/routes/orders.js in handler");
        // a bare "Error: ..." is an exception only with a stack under it
        assertThat(plain("Error: connect ECONNREFUSED 10.0.0.5:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)").kind())
                .isEqualTo(ErrorShape.Kind.EXCEPTION);
        assertThat(plain("Error: connect ECONNREFUSED 10.0.0.5:6379").kind()).isEqualTo(ErrorShape.Kind.LEVEL);
        ErrorShape go = plain("panic: runtime error: invalid memory address or nil pointer dereference\n"
                + "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b4c21]\n\ngoroutine 1 [running]:\n"
                + "main.loadConfig(...)\n\t/app/cmd/server/main.go:42 +0x21\nmain.main()\n\t/app/cmd/server/main.go:17 +0x1d");
        assertThat(go.line()).startsWith("panic: runtime error");
        assertThat(go.frame()).isEqualTo("/app/cmd/server/main.go in main.loadConfig");
    }

    @Test
    void levelsWrittenInTheTextOfEntriesWithoutASeverity() {
        for (String line : new String[] {
                "2025-08-28 00:20:34.620 | ERROR    | app.core:_emit:202 | [ClickHouse] REAL connection failed",
                "[2025-09-15 21:37:17 +0000] [13] [ERROR] Socket error processing request.",
                "time=2025-10-02T14:05:15Z level=error msg=\"queue consumer stopped\"",
                "{\"level\":\"error\",\"msg\":\"payment webhook rejected\"}",
                "E0915 21:35:17.632984       1 controller.go:114] sync failed",
                "ERROR:    Exception in ASGI application",
                "CRITICAL: CHAT FUNCTIONALITY IS BROKEN"}) {
            assertThat(plain(line)).as(line).isNotNull().extracting(ErrorShape::kind).isEqualTo(ErrorShape.Kind.LEVEL);
        }
        assertThat(plain("Failed to run migrations: (psycopg2.OperationalError) connection to server failed").kind())
                .isEqualTo(ErrorShape.Kind.EXCEPTION);
        assertThat(ErrorShape.of("ClickHouse connection failed, using mock client", Severity.ERROR).kind()).isEqualTo(ErrorShape.Kind.LEVEL);
    }

    @Test
    void notErrors() {
        for (String line : new String[] {
                "[2025-08-28 00:20:14 +0000] [14] [INFO] Error while closing socket [Errno 9] Bad file descriptor",
                "/app/catalog/jobs/reindex.py:88: DeprecationWarning: datetime.datetime.utcnow() is deprecated",
                "/usr/local/lib/python3.12/site-packages/pydantic/_internal/_config.py:345: UserWarning: Valid config keys have changed in V2:",
                "Startup self-check finished: 14 passed, 0 tests failed",
                "Set LOG_LEVEL=ERROR to see less",
                "GET /api/ERROR_REPORT 200",
                "Sentry SDK not available - install sentry-sdk[fastapi] to enable error tracking"}) {
            assertThat(plain(line)).as(line).isNull();
        }
        // the application said INFO or WARNING: never an error, whatever the text
        assertThat(ErrorShape.of("ERROR rate is 0.1%", Severity.INFO)).isNull();
        assertThat(ErrorShape.of("Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in f\nValueError: x", Severity.WARNING)).isNull();
    }
}
