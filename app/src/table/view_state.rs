//! What a table shows, as the URL says it: the sort (`?sort=&dir=`) and the filter
//! (`?filter=`, a filter of Attio's query language as JSON). It maps onto a query body, so a
//! link reproduces the view, and the server renders it before any wasm has loaded.

use super::SortState;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewState {
    pub sort: SortState,
    /// The filter as JSON text, as the query body takes it.
    pub filter: Option<String>,
}

impl ViewState {
    pub fn from_query(sort: Option<String>, dir: Option<String>, filter: Option<String>) -> Self {
        let filter = filter.filter(|f| serde_json::from_str::<Value>(f).is_ok_and(|v| !v.is_null()));
        Self { sort: SortState::from_query(sort, dir), filter }
    }

    /// The filter, parsed.
    pub fn filter_value(&self) -> Option<Value> {
        self.filter.as_deref().and_then(|f| serde_json::from_str(f).ok())
    }

    /// The table's address with this state.
    pub fn href(&self, object: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(attribute) = &self.sort.attribute {
            query.append_pair("sort", attribute);
            query.append_pair("dir", if self.sort.descending { "desc" } else { "asc" });
        }
        if let Some(filter) = &self.filter {
            query.append_pair("filter", filter);
        }
        let query = query.finish();
        if query.is_empty() {
            format!("/objects/{object}")
        } else {
            format!("/objects/{object}?{query}")
        }
    }

    /// The same view sorted by `attribute`: the other direction if it is already the sort,
    /// ascending otherwise.
    pub fn sorted_by(&self, attribute: &str) -> Self {
        let descending = self.sort.attribute.as_deref() == Some(attribute) && !self.sort.descending;
        Self { sort: SortState { attribute: Some(attribute.to_owned()), descending }, filter: self.filter.clone() }
    }

    /// The same view with another filter.
    pub fn filtered(&self, filter: Option<Value>) -> Self {
        Self { sort: self.sort.clone(), filter: filter.map(|f| f.to_string()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_through_the_address() {
        let view = ViewState::from_query(Some("value".into()), Some("desc".into()), None)
            .filtered(Some(json!({"stage": {"$eq": "Won"}})));
        let href = view.href("deals");
        assert_eq!(href, "/objects/deals?sort=value&dir=desc&filter=%7B%22stage%22%3A%7B%22%24eq%22%3A%22Won%22%7D%7D");
        let query: Vec<(String, String)> =
            form_urlencoded::parse(href.split_once('?').unwrap().1.as_bytes()).into_owned().collect();
        let get = |k: &str| query.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(ViewState::from_query(get("sort"), get("dir"), get("filter")), view);
    }

    #[test]
    fn sorting_keeps_the_filter_and_toggles_the_direction() {
        let view = ViewState::default().filtered(Some(json!({"name": {"$contains": "a"}})));
        let asc = view.sorted_by("value");
        assert!(!asc.sort.descending && asc.filter == view.filter);
        assert!(asc.sorted_by("value").sort.descending);
        assert!(!asc.sorted_by("name").sort.descending);
        assert_eq!(ViewState::default().href("deals"), "/objects/deals");
    }

    #[test]
    fn a_broken_filter_in_the_address_is_ignored() {
        assert_eq!(ViewState::from_query(None, None, Some("{nope".into())).filter, None);
    }
}
