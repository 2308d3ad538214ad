//! The filter compiler against a model: random filter trees (shorthand, verbose and property
//! forms under `$and`, `$or` and `$not`) over one random data set return exactly the records
//! that a small in-memory evaluator selects, on SQLite and on PostgreSQL.
//!
//! The model's semantics: a condition holds when some value of the attribute satisfies it,
//! so comparisons against an empty attribute are false and their negation is true; text
//! equality is exact while `$contains`, `$starts_with` and `$ends_with` ignore case.

use crate::backend_tests;
use crate::common::{Backend, TestApp};
use api::Config;
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::{self, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

backend_tests!(compiled_filters_agree_with_a_model);

const OBJECT: &str = "widgets";
const RECORDS: usize = 24;
const CASES: u32 = 150;
const WORDS: [&str; 6] = ["Ada", "ada", "Bob", "Cleo", "Eve Ada", "b_o%"];
const PATTERNS: [&str; 8] = ["a", "AD", "b", "bo", "e", "_", "%", "x"];
const DAYS: [&str; 5] = ["2023-12-31", "2024-01-09", "2024-01-10", "2024-02-01", "2024-11-30"];
const TIERS: [&str; 3] = ["Gold", "Silver", "Bronze"];
const STAGES: [&str; 3] = ["Lead", "Won", "Lost"];
const TAGS: [&str; 4] = ["red", "Red", "blue", "re_d"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attr {
    Name,
    Amount,
    Active,
    ClosedOn,
    Tier,
    Stage,
    Tags,
}

const ATTRS: [Attr; 7] = [Attr::Name, Attr::Amount, Attr::Active, Attr::ClosedOn, Attr::Tier, Attr::Stage, Attr::Tags];

impl Attr {
    /// Slug, attribute type, multiselect, and the property a property-form filter names.
    fn spec(self) -> (&'static str, &'static str, bool, &'static str) {
        match self {
            Attr::Name => ("name", "text", false, "value"),
            Attr::Amount => ("amount", "number", false, "value"),
            Attr::Active => ("active", "checkbox", false, "value"),
            Attr::ClosedOn => ("closed_on", "date", false, "value"),
            Attr::Tier => ("tier", "select", false, "title"),
            Attr::Stage => ("stage", "status", false, "title"),
            Attr::Tags => ("tags", "text", true, "value"),
        }
    }

    fn slug(self) -> &'static str {
        self.spec().0
    }

    /// Values drawn for records and for filter operands; dates compare as ISO strings.
    fn values(self) -> BoxedStrategy<Val> {
        let text = |words: &'static [&'static str]| select(words).prop_map(|s| Val::Text(s.to_owned())).boxed();
        match self {
            Attr::Name => text(&WORDS),
            Attr::Amount => (0..=5i64).prop_map(Val::Num).boxed(),
            Attr::Active => any::<bool>().prop_map(Val::Bool).boxed(),
            Attr::ClosedOn => text(&DAYS),
            Attr::Tier => text(&TIERS),
            Attr::Stage => text(&STAGES),
            Attr::Tags => text(&TAGS),
        }
    }
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Val {
    Text(String),
    Num(i64),
    Bool(bool),
}

impl Val {
    fn json(&self) -> Value {
        match self {
            Val::Text(s) => json!(s),
            Val::Num(n) => json!(n),
            Val::Bool(b) => json!(b),
        }
    }
}

/// A record: each attribute's values (none, one, or several for `tags`).
type Record = Vec<(Attr, Val)>;

#[derive(Clone, Debug)]
enum Op {
    Eq(Val),
    Null,
    In(Vec<Val>),
    NotEmpty(bool),
    Cmp(&'static str, Val),
    Like(&'static str, &'static str),
}

#[derive(Clone, Debug)]
enum Filter {
    /// `short` writes an `$eq` as a bare value; `prop` wraps the condition in the property form.
    Leaf {
        attr: Attr,
        op: Op,
        short: bool,
        prop: bool,
    },
    /// `merge` writes the conjunction as one object when the children's keys are disjoint.
    And(Vec<Filter>, bool),
    Or(Vec<Filter>),
    Not(Box<Filter>),
}

impl Filter {
    fn json(&self) -> Value {
        match self {
            Filter::Leaf { attr, op, short, prop } => {
                let (name, operand) = match op {
                    Op::Eq(v) => ("$eq", v.json()),
                    Op::Null => ("$eq", Value::Null),
                    Op::In(vs) => ("$in", vs.iter().map(Val::json).collect()),
                    Op::NotEmpty(b) => ("$not_empty", json!(b)),
                    Op::Cmp(o, v) => (*o, v.json()),
                    Op::Like(o, s) => (*o, json!(s)),
                };
                let mut inner = if name == "$eq" && *short { operand } else { json!({ name: operand }) };
                if *prop {
                    inner = json!({ attr.spec().3: inner });
                }
                json!({ attr.slug(): inner })
            }
            Filter::And(children, merge) => {
                let parts: Vec<Value> = children.iter().map(Filter::json).collect();
                let mut merged = Map::new();
                for part in &parts {
                    for (k, v) in part.as_object().expect("filters are objects") {
                        if merged.insert(k.clone(), v.clone()).is_some() {
                            return json!({ "$and": parts });
                        }
                    }
                }
                if *merge {
                    Value::Object(merged)
                } else {
                    json!({ "$and": parts })
                }
            }
            Filter::Or(children) => json!({ "$or": children.iter().map(Filter::json).collect::<Vec<_>>() }),
            Filter::Not(child) => json!({ "$not": child.json() }),
        }
    }

    /// Whether the record matches: a leaf holds when some value of the attribute satisfies it.
    fn eval(&self, record: &Record) -> bool {
        match self {
            Filter::Leaf { attr, op, .. } => {
                let mut vals = record.iter().filter(|(a, _)| a == attr).map(|(_, v)| v);
                match op {
                    Op::Eq(want) => vals.any(|v| v == want),
                    Op::Null => vals.next().is_none(),
                    Op::In(wanted) => vals.any(|v| wanted.contains(v)),
                    Op::NotEmpty(b) => vals.next().is_some() == *b,
                    Op::Cmp(o, want) => vals.any(|v| match *o {
                        "$lt" => v < want,
                        "$lte" => v <= want,
                        "$gt" => v > want,
                        _ => v >= want,
                    }),
                    Op::Like(o, pattern) => vals.any(|v| {
                        let Val::Text(s) = v else { return false };
                        let (s, p) = (s.to_lowercase(), pattern.to_lowercase());
                        match *o {
                            "$contains" => s.contains(&p),
                            "$starts_with" => s.starts_with(&p),
                            _ => s.ends_with(&p),
                        }
                    }),
                }
            }
            Filter::And(children, _) => children.iter().all(|c| c.eval(record)),
            Filter::Or(children) => children.iter().any(|c| c.eval(record)),
            Filter::Not(child) => !child.eval(record),
        }
    }
}

fn record() -> impl Strategy<Value = Record> {
    let single: Vec<_> = ATTRS[..6].iter().map(|&a| weighted(0.75, a.values().prop_map(move |v| (a, v)))).collect();
    (single, subsequence(TAGS.to_vec(), 0..=3)).prop_map(|(single, tags)| {
        let tags = tags.into_iter().map(|t| (Attr::Tags, Val::Text(t.to_owned())));
        single.into_iter().flatten().chain(tags).collect()
    })
}

/// Operators the compiler accepts on each attribute type, with operands from the data's domain.
fn op(attr: Attr) -> BoxedStrategy<Op> {
    let v = attr.values();
    let mut ops = vec![
        v.clone().prop_map(Op::Eq).boxed(),
        vec(v.clone(), 0..=3).prop_map(Op::In).boxed(),
        any::<bool>().prop_map(Op::NotEmpty).boxed(),
        Just(Op::Null).boxed(),
    ];
    if matches!(attr, Attr::Amount | Attr::ClosedOn) {
        ops.push((select(vec!["$lt", "$lte", "$gt", "$gte"]), v).prop_map(|(o, v)| Op::Cmp(o, v)).boxed());
    }
    if matches!(attr, Attr::Name | Attr::Tags) {
        let like = select(vec!["$contains", "$starts_with", "$ends_with"]);
        ops.push((like, select(PATTERNS.to_vec())).prop_map(|(o, p)| Op::Like(o, p)).boxed());
    }
    Union::new(ops).boxed()
}

fn filter() -> impl Strategy<Value = Filter> {
    let leaf = select(ATTRS.to_vec())
        .prop_flat_map(|attr| (Just(attr), op(attr), any::<bool>(), any::<bool>()))
        .prop_map(|(attr, op, short, prop)| Filter::Leaf { attr, op, short, prop });
    leaf.prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            4 => (vec(inner.clone(), 1..=3), any::<bool>()).prop_map(|(c, merge)| Filter::And(c, merge)),
            4 => vec(inner.clone(), 1..=3).prop_map(Filter::Or),
            4 => inner.prop_map(|f| Filter::Not(Box::new(f))),
            1 => prop_oneof![Just(Filter::And(vec![], false)), Just(Filter::Or(vec![]))],
        ]
    })
}

async fn setup(app: &TestApp, records: &[Record]) -> HashMap<String, usize> {
    let r = app
        .post("/v2/objects", json!({"data": {"api_slug": OBJECT, "singular_noun": "Widget", "plural_noun": "Widgets"}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for attr in ATTRS {
        let (slug, ty, multi, _) = attr.spec();
        let body = json!({"data": {"title": slug, "api_slug": slug, "type": ty, "is_required": false, "is_unique": false, "is_multiselect": multi, "config": {}}});
        let r = app.post(&format!("/v2/objects/{OBJECT}/attributes"), body).await;
        assert_eq!(r.status, 200, "{slug}: {}", r.body);
    }
    for (attr, kind, titles) in [("tier", "options", &TIERS), ("stage", "statuses", &STAGES)] {
        for title in titles {
            let r = app
                .post(&format!("/v2/objects/{OBJECT}/attributes/{attr}/{kind}"), json!({"data": {"title": title}}))
                .await;
            assert_eq!(r.status, 200, "{title}: {}", r.body);
        }
    }
    let mut ids = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        ids.insert(app.create(OBJECT, record_json(record)).await, i);
    }
    ids
}

fn record_json(record: &Record) -> Value {
    let mut values = Map::new();
    for (attr, v) in record {
        if *attr == Attr::Tags {
            let tags = values.entry(attr.slug()).or_insert_with(|| json!([]));
            tags.as_array_mut().expect("array").push(v.json());
        } else {
            values.insert(attr.slug().into(), v.json());
        }
    }
    Value::Object(values)
}

/// Runs one filter; `Err` describes how the server's answer differs from the model's.
async fn check(app: &TestApp, ids: &HashMap<String, usize>, records: &[Record], f: &Filter) -> Result<(), String> {
    let expected: BTreeSet<usize> = (0..records.len()).filter(|&i| f.eval(&records[i])).collect();
    let r = app.query(OBJECT, json!({"filter": f.json(), "limit": 500})).await;
    if r.status != 200 {
        return Err(format!("status {}: {}", r.status, r.body));
    }
    let got: BTreeSet<usize> = r.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|rec| ids[rec["id"]["record_id"].as_str().expect("record id")])
        .collect();
    if got == expected {
        return Ok(());
    }
    let show = |set: BTreeSet<&usize>| -> Vec<String> {
        set.into_iter().map(|&i| format!("#{i} {}", record_json(&records[i]))).collect()
    };
    Err(format!(
        "expected {expected:?}, got {got:?}\n  missing: {:?}\n  unexpected: {:?}",
        show(expected.difference(&got).collect()),
        show(got.difference(&expected).collect())
    ))
}

async fn compiled_filters_agree_with_a_model(backend: Backend) {
    // Hundreds of requests in a burst: no rate limit.
    let app =
        TestApp::spawn_with(backend, Config { reads_per_sec: 0, writes_per_sec: 0, ..Config::new("http://crm.test") })
            .await;
    let config = test_runner::Config { cases: CASES, ..test_runner::Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let records = vec(record(), RECORDS).new_tree(&mut runner).expect("records").current();
    let ids = setup(&app, &records).await;
    let strategy = filter().boxed();
    for case in 0..runner.config().cases {
        let mut tree = strategy.new_tree(&mut runner).expect("filter");
        let Err(first) = check(&app, &ids, &records, &tree.current()).await else { continue };
        // Shrink to a smallest filter that still disagrees.
        let (mut smallest, mut why) = (tree.current(), first);
        let mut more = tree.simplify();
        while more {
            match check(&app, &ids, &records, &tree.current()).await {
                Err(e) => {
                    (smallest, why) = (tree.current(), e);
                    more = tree.simplify();
                }
                Ok(()) => more = tree.complicate(),
            }
        }
        panic!("case {case} on {backend:?}: filter {}\n  {why}", smallest.json());
    }
}
