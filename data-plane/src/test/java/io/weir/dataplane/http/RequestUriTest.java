package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestUriTest {

    @Test
    void ordinaryTargetsAreValidWithoutBeingParsed() {
        for (String uri : new String[] {"/", "/items/1.0.0/items", "/a/b?x=1&y=%2Fz", "/x?q=a+b;c=d:e@f,g$h!i'j(k)l*m~n",
                "/%41%7e"}) {
            assertThat(RequestUri.plain(uri)).as(uri).isTrue();
            assertThat(RequestUri.valid(uri)).as(uri).isTrue();
        }
    }

    @Test
    void whatJavaNetUriRefusesIsRefused() {
        for (String uri : new String[] {"/x?a=%zz", "/x?a=b|c", "/x?q=\"x\"", "/x/{id}", "/x?a=b^c", "/x?a=b`c",
                "/x?a=%4", "/x<y>", "/x\\y"}) {
            assertThat(RequestUri.valid(uri)).as(uri).isFalse();
        }
        assertThat(RequestUri.valid(null)).isFalse();
    }

    @Test
    void targetsOutsideThePlainSetAreParsedAndJudgedAsJavaNetUriJudgesThem() {
        assertThat(RequestUri.plain("/x?a[]=1")).isFalse();
        assertThat(RequestUri.valid("/x?a[]=1")).as("java.net.URI accepts brackets in a query").isTrue();
        assertThat(RequestUri.valid("http://host:8000/x?y=1")).as("absolute form").isTrue();
        assertThat(RequestUri.valid("*")).isTrue();
    }

    @Test
    void theVerdictIsJavaNetUrisOnRandomTargets() {
        String alphabet = "abcXYZ019-._~!$&'()*+,;=:@/?%#[]{}|\\^`\"<> \u00e9\u0001";
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder uri = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                uri.append(random.nextInt(6) == 0 ? "%" + "0aF9g".charAt(random.nextInt(5)) + "1Bz".charAt(random.nextInt(3))
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String target = uri.toString();
            assertThat(RequestUri.valid(target)).as(target).isEqualTo(parses(target));
            if (RequestUri.plain(target)) {
                assertThat(parses(target)).as("a plain target java.net.URI refuses: " + target).isTrue();
            }
        }
    }

    private static boolean parses(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
