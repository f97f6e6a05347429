//! The pictures as a reader (and a browser) gets them: parsed as XML, and asked whether the
//! story is there. Set `PICTURE_DEMO_OUT=/some/dir` to also write the demo pictures there.

mod coverage;
mod fixtures;
mod timeline;

use roxmltree::{Document, Node};

use super::scale::Scale;
use super::svg::num;
use fixtures::day;

fn classes<'a>(node: &Node<'a, '_>) -> impl Iterator<Item = &'a str> {
    node.attribute("class").unwrap_or("").split_whitespace()
}

pub fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants().filter(|n| classes(n).any(|c| c == class)).collect()
}

pub fn child<'a, 'i>(node: Node<'a, 'i>, class: &str) -> Option<Node<'a, 'i>> {
    node.descendants().find(|n| classes(n).any(|c| c == class))
}

pub fn x_of(scale: &Scale, text: &str) -> String {
    num(scale.x(day(text)))
}

/// What every picture must be: one `<svg role="img">` named by its own title and description,
/// no script, no style, unique ids, and every `url(#…)` pointing at one of them.
pub fn check_frame(doc: &Document, prefix: &str, title: &str) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let (title_id, desc_id) = (format!("{prefix}-title"), format!("{prefix}-desc"));
    assert_eq!(root.attribute("aria-labelledby"), Some(format!("{title_id} {desc_id}").as_str()));
    let first = root.first_element_child().unwrap();
    assert_eq!(
        (first.tag_name().name(), first.attribute("id"), first.text()),
        ("title", Some(&*title_id), Some(title))
    );
    let desc = first.next_sibling_element().unwrap();
    assert_eq!((desc.tag_name().name(), desc.attribute("id")), ("desc", Some(&*desc_id)));
    let mut ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    assert!(ids.iter().all(|id| id.starts_with(&format!("{prefix}-"))), "{ids:?}");
    for node in doc.descendants() {
        assert!(!matches!(node.tag_name().name(), "script" | "style" | "foreignObject"));
        assert!(node.attribute("style").is_none());
        assert!(node.attributes().all(|a| !a.name().starts_with("on")));
        for attr in node.attributes().filter(|a| a.value().starts_with("url(#")) {
            let target = attr.value().trim_start_matches("url(#").trim_end_matches(')');
            assert!(ids.contains(&target), "{target} is not defined");
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids are unique");
}
