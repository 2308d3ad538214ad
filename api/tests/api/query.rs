use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::json;

backend_tests!(
    filters_sorts_and_pages,
    filters_on_properties_and_paths,
    bad_filters_are_filter_errors,
    queries_build_the_indexes_they_use
);

async fn seed(app: &TestApp) {
    for (name, stage, value) in [
        ("Alpha", "Lead", 1000.0),
        ("Bravo", "Won", 52000.0),
        ("Charlie", "Won", 7000.0),
        ("Delta", "Lost", 99000.0),
        ("Echo", "In Progress", 51000.0),
    ] {
        app.create("deals", json!({"name": name, "stage": stage, "value": value})).await;
    }
}

async fn filters_sorts_and_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    seed(&app).await;
    // No body at all lists everything in creation order.
    let res = app
        .client
        .post(format!("{}/v2/objects/deals/records/query", app.base))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.query_names("deals", json!({})).await, ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
    // Shorthand equality.
    assert_eq!(app.query_names("deals", json!({"filter": {"stage": "Won"}})).await, ["Bravo", "Charlie"]);
    assert_eq!(app.query_names("deals", json!({"filter": {"name": "Delta"}})).await, ["Delta"]);
    // Verbose operators.
    assert_eq!(
        app.query_names("deals", json!({"filter": {"value": {"$gt": 50000}}})).await,
        ["Bravo", "Delta", "Echo"]
    );
    assert_eq!(app.query_names("deals", json!({"filter": {"value": {"$lt": 7000}}})).await, ["Alpha"]);
    assert_eq!(
        app.query_names("deals", json!({"filter": {"value": {"$gte": 7000, "$lte": 52000}}})).await,
        ["Bravo", "Charlie", "Echo"]
    );
    assert_eq!(app.query_names("deals", json!({"filter": {"name": {"$contains": "LT"}}})).await, ["Delta"]);
    assert_eq!(app.query_names("deals", json!({"filter": {"name": {"$starts_with": "ch"}}})).await, ["Charlie"]);
    assert_eq!(app.query_names("deals", json!({"filter": {"name": {"$ends_with": "o"}}})).await, ["Bravo", "Echo"]);
    assert_eq!(
        app.query_names("deals", json!({"filter": {"stage": {"$in": ["Lead", "Lost"]}}})).await,
        ["Alpha", "Delta"]
    );
    // Logical operators, nested.
    let f = json!({"$or": [{"stage": "Lead"}, {"$and": [{"stage": "Won"}, {"value": {"$gt": 10000}}]}]});
    assert_eq!(app.query_names("deals", json!({"filter": f})).await, ["Alpha", "Bravo"]);
    let f = json!({"$not": {"stage": "Won"}});
    assert_eq!(app.query_names("deals", json!({"filter": f})).await, ["Alpha", "Delta", "Echo"]);
    // The benchmark's shape: status and amount, sorted by amount.
    let body = json!({"filter": {"$and": [{"stage": "Won"}, {"value": {"currency_value": {"$gt": 5000}}}]}, "sorts": [{"attribute": "value", "direction": "desc"}], "limit": 50});
    assert_eq!(app.query_names("deals", body).await, ["Bravo", "Charlie"]);
    // Sorts, several keys, and pages.
    let by_value = json!({"sorts": [{"attribute": "value", "direction": "desc"}]});
    assert_eq!(app.query_names("deals", by_value).await, ["Delta", "Bravo", "Echo", "Charlie", "Alpha"]);
    let two_keys =
        json!({"sorts": [{"attribute": "stage", "direction": "asc"}, {"attribute": "name", "direction": "desc"}]});
    assert_eq!(app.query_names("deals", two_keys).await, ["Alpha", "Echo", "Charlie", "Bravo", "Delta"]);
    let page = json!({"sorts": [{"attribute": "name", "direction": "asc"}], "limit": 2, "offset": 2});
    assert_eq!(app.query_names("deals", page).await, ["Charlie", "Delta"]);
    let by_name = json!({"sorts": [{"attribute": "name", "direction": "desc"}], "limit": 1});
    assert_eq!(app.query_names("deals", by_name).await, ["Echo"]);
    // Empty values sort last both ways.
    app.create("deals", json!({"name": "Foxtrot", "stage": "Lead"})).await;
    let asc = app.query_names("deals", json!({"sorts": [{"attribute": "value", "direction": "asc"}]})).await;
    assert_eq!(asc.last().unwrap(), "Foxtrot");
    let desc = app.query_names("deals", json!({"sorts": [{"attribute": "value", "direction": "desc"}]})).await;
    assert_eq!(desc.last().unwrap(), "Foxtrot");
    assert_eq!(app.query_names("deals", json!({"filter": {"value": {"$not_empty": false}}})).await, ["Foxtrot"]);
}

/// Names of the value indexes (`i_...` of one column, `x_...` of a pipeline) in the database.
async fn value_indexes(app: &TestApp) -> Vec<String> {
    let sql = match app.state.db.backend() {
        api::db::Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index'",
        api::db::Backend::Postgres => "SELECT indexname::text AS name FROM pg_indexes",
    };
    let rows = sqlx::query(sql).fetch_all(app.state.db.pool()).await.unwrap();
    let mut names: Vec<String> = rows.iter().map(|r| sqlx::Row::get::<String, _>(r, "name")).collect();
    names.retain(|n| n.starts_with("i_c_") || n.starts_with("x_"));
    names.sort();
    names
}

/// The column of a deal attribute: `c_` and its id without dashes.
async fn column_of(app: &TestApp, attribute: &str) -> String {
    let r = app.get(&format!("/v2/objects/deals/attributes/{attribute}")).await;
    format!("c_{}", r.body["data"]["id"]["attribute_id"].as_str().unwrap().replace('-', ""))
}

async fn wait_for_indexes(app: &TestApp, expected: &[String]) {
    for _ in 0..100 {
        if value_indexes(app).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(value_indexes(app).await, expected);
}

async fn queries_build_the_indexes_they_use(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    seed(&app).await;
    // Writes pay for no index until a query compares a column.
    assert_eq!(value_indexes(&app).await, Vec::<String>::new());
    let (stage, value, name) =
        (column_of(&app, "stage").await, column_of(&app, "value").await, column_of(&app, "name").await);
    let tail = |c: &str| c[c.len() - 12..].to_owned();

    // One status in record order (a board's column): a (status, record_id) index.
    app.query_names("deals", json!({"filter": {"stage": "Won"}})).await;
    let ascending = if backend == Backend::Postgres { "_a" } else { "" };
    let in_order = format!("x_{}_record_id{ascending}", tail(&stage));
    wait_for_indexes(&app, std::slice::from_ref(&in_order)).await;
    // A pipeline page: one (status, sort key) index.
    let body = json!({"filter": {"stage": "Won", "value": {"$gt": 5000}}, "sorts": [{"attribute": "value", "direction": "desc"}]});
    assert_eq!(app.query_names("deals", body).await, ["Bravo", "Charlie"]);
    let pipeline = format!("x_{}_{}", tail(&stage), tail(&value));
    let mut both = vec![in_order.clone(), pipeline.clone()];
    both.sort();
    wait_for_indexes(&app, &both).await;
    // Substring matches cannot use an index; equality can.
    app.query_names("deals", json!({"filter": {"name": {"$contains": "a"}}})).await;
    app.query_names("deals", json!({"filter": {"name": "Alpha"}})).await;
    let mut expected = vec![format!("i_{name}"), in_order, pipeline];
    expected.sort();
    wait_for_indexes(&app, &expected).await;
    // The rows are the same with the indexes as without.
    let body = json!({"filter": {"stage": "Won", "value": {"$gt": 5000}}, "sorts": [{"attribute": "value", "direction": "desc"}]});
    assert_eq!(app.query_names("deals", body).await, ["Bravo", "Charlie"]);
}

async fn filters_on_properties_and_paths(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let io = app.create("companies", json!({"name": "Startup", "domains": ["startup.io"]})).await;
    let com = app.create("companies", json!({"name": "Corp", "domains": ["corp.com"]})).await;
    app.create("people", json!({"name": "Ada Lovelace", "email_addresses": ["ada@startup.io"], "company": {"target_object": "companies", "target_record_id": io}})).await;
    app.create("people", json!({"name": "Alan Turing", "email_addresses": ["alan@corp.com"], "company": {"target_object": "companies", "target_record_id": com}})).await;
    app.create("deals", json!({"name": "IO deal", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": io}})).await;
    app.create("deals", json!({"name": "COM deal", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": com}})).await;

    let full = |r: &crate::common::Response| -> Vec<String> {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["values"]["name"][0]["full_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = app.query("people", json!({"filter": {"name": {"first_name": "Alan"}}})).await;
    assert_eq!(full(&r), ["Alan Turing"]);
    let r = app.query("people", json!({"filter": {"name": {"last_name": {"$starts_with": "Love"}}}})).await;
    assert_eq!(full(&r), ["Ada Lovelace"]);
    let r = app.query("people", json!({"filter": {"email_addresses": "alan@corp.com"}})).await;
    assert_eq!(full(&r), ["Alan Turing"]);
    let r = app.query("people", json!({"filter": {"email_addresses": {"email_domain": "startup.io"}}})).await;
    assert_eq!(full(&r), ["Ada Lovelace"]);
    let r = app.query("people", json!({"filter": {"company": {"target_record_id": com}}})).await;
    assert_eq!(full(&r), ["Alan Turing"]);
    let r =
        app.query("people", json!({"sorts": [{"attribute": "name", "field": "last_name", "direction": "asc"}]})).await;
    assert_eq!(full(&r), ["Ada Lovelace", "Alan Turing"]);
    // Deals whose associated company's domain ends with .io.
    let path = json!({"filter": {"path": [["deals", "associated_company"], ["companies", "domains"]], "constraints": {"domain": {"$ends_with": ".io"}}}});
    assert_eq!(app.query_names("deals", path).await, ["IO deal"]);
    // Two hops: deals whose company has a person named Alan.
    let path = json!({"filter": {"path": [["deals", "associated_company"], ["companies", "team"], ["people", "name"]], "constraints": {"first_name": "Alan"}}});
    let r = app.query("deals", path).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // A sort through a reference.
    let sort =
        json!({"sorts": [{"path": [["deals", "associated_company"], ["companies", "name"]], "direction": "asc"}]});
    assert_eq!(app.query_names("deals", sort).await, ["COM deal", "IO deal"]);
}

async fn bad_filters_are_filter_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for filter in [
        json!({"colour": "red"}),
        json!({"value": {"$gt": "many"}}),
        json!({"value": {"$near": 5}}),
        json!({"$xor": []}),
        json!({"name": {"nickname": "x"}}),
        json!({"stage": {"$contains": "Wo"}}),
        json!({"stage": "Nope"}),
        json!({"path": [["people", "company"]], "constraints": {}}),
        json!({"path": [["deals", "name"], ["companies", "name"]], "constraints": {"$eq": "x"}}),
        json!("just a string"),
    ] {
        let r = app.query("deals", json!({"filter": filter})).await;
        assert_error(&r, 400, "filter_error");
    }
    assert_error(
        &app.query("deals", json!({"sorts": [{"attribute": "nope", "direction": "asc"}]})).await,
        400,
        "filter_error",
    );
    assert_error(
        &app.query("deals", json!({"sorts": [{"attribute": "name", "direction": "sideways"}]})).await,
        400,
        "filter_error",
    );
    assert_error(&app.query("deals", json!({"limit": -1})).await, 400, "filter_error");
    assert_error(&app.query("nope", json!({})).await, 404, "not_found");
    let deep = (0..40).fold(json!({"name": "x"}), |acc, _| json!({"$and": [acc]}));
    assert_error(&app.query("deals", json!({"filter": deep})).await, 400, "filter_error");
}

mod search {
    use crate::backend_tests;
    use crate::common::{assert_error, Backend, TestApp};
    use serde_json::json;

    backend_tests!(search_finds_records_by_name_email_and_domain);

    async fn search_finds_records_by_name_email_and_domain(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.create("people", json!({"name": "Alan Turing", "email_addresses": ["alan@bletchley.uk"]})).await;
        app.create("people", json!({"name": "Ada Lovelace", "email_addresses": ["ada@engine.io"]})).await;
        app.create("companies", json!({"name": "Bletchley Park", "domains": ["bletchley.uk"]})).await;
        let r = app
            .post(
                "/v2/objects/records/search",
                json!({"query": "bletchley", "objects": ["people", "companies"], "request_as": {"type": "workspace"}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let hits = r.body["data"].as_array().unwrap();
        let texts: Vec<&str> = hits.iter().map(|h| h["record_text"].as_str().unwrap()).collect();
        assert_eq!(texts, ["Alan Turing", "Bletchley Park"]);
        assert_eq!(hits[0]["object_slug"], "people");
        assert_eq!(hits[0]["email_addresses"], json!(["alan@bletchley.uk"]));
        assert_eq!(hits[1]["domains"], json!(["bletchley.uk"]));
        let r = app.post("/v2/objects/records/search", json!({"query": "", "objects": ["people"], "limit": 1})).await;
        assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
        assert_error(
            &app.post("/v2/objects/records/search", json!({"query": "x", "objects": []})).await,
            400,
            "value_not_found",
        );
        assert_error(
            &app.post("/v2/objects/records/search", json!({"query": "x", "objects": ["nope"]})).await,
            400,
            "value_not_found",
        );
        assert_error(
            &app.post("/v2/objects/records/search", json!({"query": "x", "objects": ["people"], "limit": 26})).await,
            400,
            "value_not_found",
        );
    }
}
