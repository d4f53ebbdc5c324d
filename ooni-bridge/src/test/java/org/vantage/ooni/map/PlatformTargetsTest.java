package org.vantage.ooni.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTargetsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            x.com, twitter
            api.x.com, twitter
            pbs.twimg.com, twitter
            www.facebook.com, facebook
            static.xx.fbcdn.net, facebook
            i.instagram.com, instagram
            scontent.cdninstagram.com, instagram
            m.youtube.com, youtube
            youtu.be, youtube
            rr1---sn-abc.googlevideo.com, youtube
            web.whatsapp.com, whatsapp
            www.tiktok.com, tiktok
            t.me, telegram
            WEB.TELEGRAM.ORG., telegram
            www.example.com, control
            www.wikipedia.org, control
            www.pta.gov.pk, control
            """)
    void platformHostsAndReferenceSitesAreRecognised(String host, String platform) {
        assertThat(PlatformTargets.forHost(host)).contains(platform);
    }

    @ParameterizedTest(name = "{0} is not a platform target")
    @CsvSource(textBlock = """
            fa.wikipedia.org
            notx.com
            microsoft.co
            www.bbc.com
            sub.www.example.com
            """)
    void otherHostsAreNot(String host) {
        assertThat(PlatformTargets.forHost(host)).isEmpty();
    }
}
