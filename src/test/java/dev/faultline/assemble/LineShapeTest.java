package dev.faultline.assemble;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LineShapeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Traceback (most recent call last):|HEAD",
            "ERROR:    Traceback (most recent call last):|HEAD",
            "`\u001b[33m\u001b[1mTraceback (most recent call last):\u001b[0m`|HEAD",
            "`  + Exception Group Traceback (most recent call last):`|HEAD",
            "`    | Traceback (most recent call last):`|FRAME",
            "`  File \"/srv/app/db.py\", line 41, in connect`|FRAME",
            "`    return pool.acquire()`|FRAME",
            "`           ^^^^^^^^^^^^^^`|FRAME",
            "`> File \"/srv/app/main.py\", line 3, in <module>`|FRAME",
            "`\tat com.shop.Main.main(Main.java:12)`|FRAME",
            "`\t... 12 more`|FRAME",
            "`  PORT: 8000`|FRAME",
            "Caused by: org.postgresql.util.PSQLException: Connection refused.|CAUSED_BY",
            "During handling of the above exception, another exception occurred:|SEPARATOR",
            "The above exception was the direct cause of the following exception:|SEPARATOR",
            "`Exception in thread \"main\" java.lang.IllegalStateException: boom`|JAVA_HEAD",
            "``|BLANK",
            "`   `|BLANK",
            "TimeoutError|EXCEPTION",
            "KeyError: 'DATABASE_URL'|EXCEPTION",
            "psycopg2.OperationalError: connection to server failed|EXCEPTION",
            "psycopg2.errors.UndefinedTable: relation \"orders\" does not exist|EXCEPTION",
            "asyncio.exceptions.CancelledError|EXCEPTION",
            "httpx.ConnectTimeout: timed out|EXCEPTION",
            "SystemExit: 3|EXCEPTION",
            "KeyboardInterrupt|EXCEPTION",
            "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed|EXCEPTION",
            "Error: connect ECONNREFUSED 127.0.0.1:5432|EXCEPTION",
            "INFO:     Started server process [1]|PLAIN",
            "ERROR:    Exception in ASGI application|PLAIN",
            "Container called exit(3).|PLAIN",
            "app.main: started|PLAIN",
            "Done|NAME",
            "Listening at: http://0.0.0.0:8000 (1)|PLAIN",
            "`{\"severity\":\"ERROR\",\"message\":\"x\"}`|PLAIN",
            "Error while closing socket [Errno 9] Bad file descriptor|PLAIN",
            "1 validation error for Settings|VALIDATION",
            "pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings|EXCEPTION",
            "database_url|NAME",
            "body -> items -> 0 -> name|NAME",
            "panic: runtime error: index out of range [3] with length 3|GO_PANIC",
            "fatal error: all goroutines are asleep - deadlock!|GO_PANIC",
            "goroutine 1 [running]:|GOROUTINE",
            "`[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b8a2e]`|GO_SIGNAL",
            "main.main()|GO_FUNC",
            "net/http.(*conn).serve(0xc000126000)|GO_FUNC",
            "created by net/http.(*Server).Serve in goroutine 1|GO_FUNC",
            "http: panic serving 10.0.0.5:41234: runtime error|PLAIN",
            "goroutine leak detector started|PLAIN",
    })
    void shapes(String line, LineShape expected) {
        assertThat(LineShape.of(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\tat com.shop.Main.main(Main.java:12)`|true",
            "`    at Object.<anonymous> (/srv/app/index.js:3:9)`|true",
            "`\t... 12 more`|true",
            "`\tSuppressed: java.io.IOException: close failed`|true",
            "Caused by: java.net.ConnectException: refused|true",
            "`  PORT: 8000`|false",
            "at the end of the day|false",
            "`    at = compute()`|true",
    })
    void javaFrames(String line, boolean expected) {
        assertThat(LineShape.isJavaFrame(line)).isEqualTo(expected);
    }
}
