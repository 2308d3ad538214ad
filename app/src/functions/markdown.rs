//! Notes are markdown. They are rendered to HTML on the server, which keeps the markdown
//! parser out of the browser's bundle, with raw HTML dropped and only safe link schemes
//! followed: a note's author must not be able to inject markup into a teammate's page.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Only these link schemes are followed; `javascript:` and `data:` would run in our origin.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    let allowed = ["http:", "https:", "mailto:", "tel:"].iter().any(|s| lower.starts_with(s));
    if has_scheme && !allowed {
        CowStr::Borrowed("")
    } else {
        url
    }
}

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let parser = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Some(Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id }))
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Some(Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id }))
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_markdown() {
        assert_eq!(
            to_html("# Agenda\n\n- **Budget**"),
            "<h1>Agenda</h1>\n<ul>\n<li><strong>Budget</strong></li>\n</ul>\n"
        );
    }

    #[test]
    fn drops_raw_html_and_escapes_text() {
        let html = to_html("Hi <script>alert(1)</script> <b onclick=x>there</b> & 1 < 2");
        assert!(!html.contains("<script") && !html.contains("<b "), "{html}");
        assert!(html.contains("&amp; 1 &lt; 2"), "{html}");
    }

    #[test]
    fn javascript_links_are_not_followed() {
        let html = to_html("[x](javascript:alert(1))");
        assert!(!html.contains("href=\"javascript:"), "{html}");
    }
}
