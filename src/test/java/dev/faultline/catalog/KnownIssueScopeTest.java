package dev.faultline.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KnownIssueScopeTest {

    @Test
    void globMatchesWholeNames() {
        assertThat(KnownIssue.Scope.glob("shop-api", "shop-api")).isTrue();
        assertThat(KnownIssue.Scope.glob("shop-api", "shop-api-v2")).as("whole name, not a prefix").isFalse();
        assertThat(KnownIssue.Scope.glob("shop-api", "my-shop-api")).isFalse();
        assertThat(KnownIssue.Scope.glob("shop-*", "shop-api")).isTrue();
        assertThat(KnownIssue.Scope.glob("shop-*", "shop-")).isTrue();
        assertThat(KnownIssue.Scope.glob("shop-*", "shoe-api")).isFalse();
        assertThat(KnownIssue.Scope.glob("*-api", "shop-api")).isTrue();
        assertThat(KnownIssue.Scope.glob("*-api", "shop-api-worker")).isFalse();
        assertThat(KnownIssue.Scope.glob("svc-0069?-*", "svc-00697-gp6")).isTrue();
        assertThat(KnownIssue.Scope.glob("svc-0069?-*", "svc-00704-ds8")).isFalse();
        assertThat(KnownIssue.Scope.glob("*a*b*c", "xxaxxbxxbxxc")).as("backtracks past a false start").isTrue();
        assertThat(KnownIssue.Scope.glob("*a*b*c", "xxaxxbxxbxxd")).isFalse();
        assertThat(KnownIssue.Scope.glob("*", "")).isTrue();
        assertThat(KnownIssue.Scope.glob("?", "")).isFalse();
        assertThat(KnownIssue.Scope.glob("shop.api", "shopXapi")).as("a dot is a dot, not a regex").isFalse();
    }

    @Test
    void everyDimensionThatListsPatternsMustMatch() {
        KnownIssue.Scope scope = new KnownIssue.Scope(List.of("acme-prod", "acme-staging"), List.of("shop-*"), List.of());
        assertThat(scope.covers("acme-prod", "shop-api", "shop-api-00001-abc")).isTrue();
        assertThat(scope.covers("acme-staging", "shop-worker", "anything")).isTrue();
        assertThat(scope.covers("other-prod", "shop-api", "shop-api-00001-abc")).isFalse();
        assertThat(scope.covers("acme-prod", "cart-api", "cart-api-00001-abc")).isFalse();
        assertThat(scope.covers(null, "shop-api", "shop-api-00001-abc")).as("an unnamed project is not the team's").isFalse();
        assertThat(scope.covers("", "shop-api", "shop-api-00001-abc")).isFalse();
        assertThat(KnownIssue.Scope.ANY.covers(null, null, null)).isTrue();
        assertThat(scope.describe()).isEqualTo("projects acme-prod, acme-staging, service shop-*");
        assertThat(KnownIssue.Scope.ANY.describe()).isEqualTo("every project and service");
    }
}
