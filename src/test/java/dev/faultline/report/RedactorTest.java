package dev.faultline.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    /** Every example of redaction-rules.yaml through the whole rule set: the marked secret and nothing else masked. */
    @TestFactory
    Stream<DynamicTest> everyRuleExampleComesOutAsTheRuleFileSays() {
        assertThat(Redactor.examples()).hasSizeGreaterThan(60);
        return Redactor.examples().stream().map(e -> DynamicTest.dynamicTest(e.rule() + ": " + e.input(), () -> {
            Redactor redactor = new Redactor(true);
            assertThat(redactor.redact(e.input())).isEqualTo(e.expected());
            // one count per masked value: as many as the example marks
            assertThat(redactor.redactions()).isEqualTo((e.expected().length() - e.expected().replace(Redactor.MASK, "").length()) / 3);
        }));
    }

    /** Every rule is used by at least one test line here or in the rule file, or it says where it comes from. */
    @Test
    void everyRuleSaysWhereItComesFrom() throws Exception {
        String yaml;
        try (var in = Redactor.class.getResourceAsStream("redaction-rules.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (Redactor.Rule rule : Redactor.rules()) {
            int at = yaml.indexOf("- id: " + rule.id() + "\n");
            assertThat(at).as(rule.id()).isNotNegative();
            int next = yaml.indexOf("- id: ", at + 1);
            String block = yaml.substring(at, next < 0 ? yaml.length() : next);
            assertThat(block).as(rule.id()).containsPattern("source: (own|gitleaks)");
            // RE2J is slow: a value without any of a rule's keywords must not cost its regex
            assertThat(rule.keywords()).as(rule.id()).isNotEmpty();
        }
    }

    /** Each kind of secret: the secret goes, the rest of the line stays. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dsn password       | Connecting to postgresql+asyncpg://netra:s3cr3t-P4ss@/netra_staging?host=/cloudsql/x | postgresql+asyncpg://netra:***@/netra_staging?host=/cloudsql/x | s3cr3t-P4ss
            redis url password | REDIS_URL=redis://default:hunter22pass@10.0.0.3:6379/0 | redis://default:***@10.0.0.3:6379/0 | hunter22pass
            bearer token       | GET /api with header Bearer abcdef1234567890xyz failed | Bearer *** failed | abcdef1234567890xyz
            authorization      | authorization: Basic dXNlcjpwYXNzd29yZA== | authorization: Basic *** | dXNlcjpwYXNzd29yZA==
            google api key     | key=AIzaSyA1234567890abcdefghijklmnopqrstuv used | used | AIzaSyA1234567890abcdefghijklmnopqrstuv
            oauth token        | token ya29.a0AfH6SMBx3kLmN0pQ-rStUvWxYz expired | expired | ya29.a0AfH6SMBx3kLmN0pQ-rStUvWxYz
            jwt                | session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok | session *** ok | eyJhbGciOiJIUzI1NiJ9
            aws access key     | using AKIAIOSFODNN7EXAMPLE for s3 | using *** for s3 | AKIAIOSFODNN7EXAMPLE
            secret env value   | JWT_SECRET_KEY=abc123verysecret loaded | JWT_SECRET_KEY=*** loaded | abc123verysecret
            password env value | POSTGRES_PASSWORD: "pa55word!" | POSTGRES_PASSWORD: "***" | pa55word!
            quoted with spaces | {"client_secret": "correct horse battery", "scope": "read"} | "client_secret": "***", "scope": "read" | horse
            api key header     | upstream rejected x-api-key: 9f8e7d6c5b4a3210 (403) | x-api-key: *** (403) | 9f8e7d6c5b4a3210
            key=value dsn      | host=/cloudsql/p:r:i user=netra password=Zx9!long dbname=app | user=netra password=*** dbname=app | Zx9!long
            jdbc password      | jdbc:postgresql://10.0.0.5/app?user=svc&password=Qw3rty99&ssl=true | user=svc&password=***&ssl=true | Qw3rty99
            env entry json     | env: [{"name":"DB_PASSWORD","value":"pg-S3cret"},{"name":"PORT","value":"8080"}] | {"name":"DB_PASSWORD","value":"***"},{"name":"PORT","value":"8080"} | pg-S3cret
            aws secret by name | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key = *** | wJalrXUtnFEMI
            proxy authz        | Proxy-Authorization: Bearer 0a1b2c3d4e5f6a7b | Proxy-Authorization: Bearer *** | 0a1b2c3d4e5f6a7b
            """)
    void masksTheSecretAndKeepsTheLine(String kind, String line, String kept, String secret) {
        Redactor redactor = new Redactor(true);
        String out = redactor.redact(line);
        assertThat(out).doesNotContain(secret).contains(kept.strip());
        assertThat(redactor.redactions()).isPositive();
    }

    @Test
    void masksPrivateKeyBlocks() {
        String pem = "key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY----- loaded";
        String out = new Redactor(true).redact(pem);
        assertThat(out).isEqualTo("key: *** loaded");
    }

    @Test
    void masksEnvEntriesAsYamlListsThem() {
        String yaml = "env:\n- name: STRIPE_API_KEY\n  value: sk_live_51Habc\n- name: LOG_LEVEL\n  value: debug";
        Redactor redactor = new Redactor(true);
        assertThat(redactor.redact(yaml)).isEqualTo("env:\n- name: STRIPE_API_KEY\n  value: ***\n- name: LOG_LEVEL\n  value: debug");
        assertThat(redactor.redactions()).isEqualTo(1);
    }

    @Test
    void masksATruncatedPrivateKeyToTheEnd() {
        String cut = "{\"private_key\": \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA1x";
        assertThat(new Redactor(true).redact(cut)).isEqualTo("{\"private_key\": \"***");
    }

    @Test
    void countsEveryMaskedValue() {
        Redactor redactor = new Redactor(true);
        redactor.redact("postgresql://u:pw1secret@h/db and Bearer abcdefgh12345678");
        redactor.redact("API_KEY=xyz");
        assertThat(redactor.redactions()).isEqualTo(3);
    }

    /** Lines that look secret-ish but hold nothing to hide stay exactly as they were: one negative per kind. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dsn without password   | postgresql+asyncpg://netra@/netra_staging?host=/cloudsql/x
            url with port          | connecting to redis://10.0.0.3:6379/0
            the word bearer        | Authorization bearer token missing
            the word authorization | authorization failed for user alice
            short AIza             | AIzaShort is not a key
            ya29 without token     | ya29.short
            public key block       | -----BEGIN PUBLIC KEY----- MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A -----END PUBLIC KEY-----
            two-part eyJ           | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0 is not a JWT
            lowercase akia         | akiaiosfodnn7example is not an AWS key
            env non-secret name    | LOG_LEVEL=debug PORT=8080 MONKEY=banana
            env entry non-secret   | {"name":"PORT","value":"8080"}
            secret ref object      | "secretKeyRef": {"key": "latest", "name": "db-password"}
            """)
    void leavesLookalikesAlone(String kind, String line) {
        Redactor redactor = new Redactor(true);
        assertThat(redactor.redact(line)).isEqualTo(line);
        assertThat(redactor.redactions()).isZero();
    }

    /** Lines that look secret-ish but hold nothing to hide stay exactly as they were. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Connection string: postgresql+asyncpg://***@/netra_staging?host=/cloudsql/netra-staging:us-central1:staging-shared-postgres
            SECRET_KEY: SET
            JWT=REDACTED 91 characters
            POSTGRES_HOST: /cloudsql/netra-staging:us-central1:staging-shared-postgres
            Listening at: http://0.0.0.0:8000 (1)
            GET https://app.staging.netrasystems.ai/auth/callback 200
            Database initialization timeout after 25.0s in staging environment.
            """)
    void leavesHarmlessLinesAlone(String line) {
        Redactor redactor = new Redactor(true);
        assertThat(redactor.redact(line)).isEqualTo(line);
        assertThat(redactor.redactions()).isZero();
    }

    @Test
    void disabledRedactorChangesNothing() {
        Redactor off = new Redactor(false);
        String line = "postgresql://u:secretpw@host/db";
        assertThat(off.redact(line)).isEqualTo(line);
        assertThat(off.redactions()).isZero();
    }
}
