"""Feed documents for the tests: well-behaved ones and hostile ones."""

LONG_PARAGRAPH = (
    "Negotiators from both delegations met for a third round of talks on Tuesday, officials said, "
    "and agreed to continue discussions on prisoner exchanges and humanitarian corridors next week. "
)


def rss(items: str, *, prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>' + prolog + '<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>'
        "<link>https://wire.example/</link><description>d</description>" + items + "</channel></rss>"
    ).encode()


def rss_item(
    url: str, title: str, *, summary: str = "Teaser.", content: str = "", date: str = "Tue, 04 Nov 2025 10:00:00 GMT"
) -> str:
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>{url}</link><pubDate>{date}</pubDate><description>{summary}</descripti"
        f"on>{body}</item>"
    )


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Agency</title><id>urn:x</id><updated>2025-11-04T10:00:00Z</updated>
<entry><title>Envoys meet in Geneva</title><link href="https://agency.example/geneva"/><id>urn:1</id>
<updated>2025-11-04T09:30:00Z</updated><summary>Short teaser.</summary></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://x.example/a</link></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title><link>https://x.example/b</link></item></channel></rss>"""

EXTERNAL_ENTITY_URL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://169.254.169.254/latest/meta-data/"> %remote;]>
<rss version="2.0"><channel><title>t</title></channel></rss>"""

# Malformed *and* carrying an entity declaration: the lenient parser must never be handed it.
MALFORMED_WITH_ENTITY = b"""garbage<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<rss version="2.0"><channel><item><title>&b;</title><link>https://x.example/c</link></item></channel></rss>"""
