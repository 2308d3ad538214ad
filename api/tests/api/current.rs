//! What Attio's current API adds to the October 2025 document: new fields on existing shapes,
//! integral numbers written with a fraction, the new scopes, saved views, record merge,
//! object deletion and writing value history.

use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::{json, Value};

backend_tests!(
    current_shapes,
    integral_numbers,
    saved_views,
    merge_records,
    merge_refusals,
    delete_custom_object,
    write_value_history,
    write_entry_history,
    counts_and_referrers,
    record_timeline,
);

async fn current_shapes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = app.get("/v2/self").await;
    assert_eq!(me.body["active"], true);
    assert_eq!(me.body["token_level"], "workspace");

    let members = app.get("/v2/workspace_members").await;
    assert_eq!(members.body["data"][0]["access_level"], "admin");
    let statuses = app.get("/v2/objects/deals/attributes/stage/statuses").await;
    let first = &statuses.body["data"][0];
    assert!(first["celebration_enabled"].is_boolean(), "{first}");
    assert!(first.as_object().unwrap().contains_key("target_time_in_status"), "{first}");

    // completed_at: set on completion, kept when completed again, cleared on reopening.
    let task = app
        .post("/v2/tasks", json!({"data": {"content": "Call", "format": "plaintext", "deadline_at": null, "is_completed": false, "linked_records": [], "assignees": []}}))
        .await;
    assert_eq!(task.body["data"]["completed_at"], Value::Null);
    let id = task.body["data"]["id"]["task_id"].as_str().unwrap().to_owned();
    let done = app.patch(&format!("/v2/tasks/{id}"), json!({"data": {"is_completed": true}})).await;
    let at = done.body["data"]["completed_at"].as_str().expect("completed_at").to_owned();
    let again = app.patch(&format!("/v2/tasks/{id}"), json!({"data": {"is_completed": true}})).await;
    assert_eq!(again.body["data"]["completed_at"], at.as_str());
    let reopened = app.patch(&format!("/v2/tasks/{id}"), json!({"data": {"is_completed": false}})).await;
    assert_eq!(reopened.body["data"]["completed_at"], Value::Null);
    let born_done = app
        .post("/v2/tasks", json!({"data": {"content": "Done", "format": "plaintext", "deadline_at": null, "is_completed": true, "linked_records": [], "assignees": []}}))
        .await;
    assert!(born_done.body["data"]["completed_at"].is_string());

    // A thread's comments come a page at a time.
    let deal = app.create("deals", json!({"name": "Talked about", "stage": "Lead"})).await;
    let author = members.body["data"][0]["id"]["workspace_member_id"].as_str().unwrap().to_owned();
    let first = app
        .post("/v2/comments", json!({"data": {"format": "plaintext", "content": "one", "author": {"type": "workspace-member", "id": author}, "record": {"object": "deals", "record_id": deal}}}))
        .await;
    let thread = first.body["data"]["thread_id"].as_str().unwrap().to_owned();
    for text in ["two", "three"] {
        app.post("/v2/comments", json!({"data": {"format": "plaintext", "content": text, "author": {"type": "workspace-member", "id": author}, "thread_id": thread}}))
            .await;
    }
    let page = app.get(&format!("/v2/threads/{thread}?limit=2")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let texts = |r: &Value| -> Vec<String> {
        r["data"]["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["content_plaintext"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&page.body), ["one", "two"]);
    let cursor = page.body["pagination"]["next_cursor"].as_str().expect("next cursor").to_owned();
    let rest = app.get(&format!("/v2/threads/{thread}?limit=2&cursor={cursor}")).await;
    assert_eq!(texts(&rest.body), ["three"]);
    assert_eq!(rest.body["pagination"]["next_cursor"], Value::Null);
    assert_error(&app.get(&format!("/v2/threads/{thread}?cursor=forged")).await, 400, "validation_type");
}

async fn integral_numbers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for name in ["a", "b", "c"] {
        app.create("deals", json!({"name": name, "stage": "Lead"})).await;
    }
    let names = app.query_names("deals", json!({"limit": 2.0, "offset": 1.0})).await;
    assert_eq!(names, ["b", "c"]);
    assert_error(&app.query("deals", json!({"limit": 2.5})).await, 400, "filter_error");
    assert_error(&app.query("deals", json!({"limit": -1})).await, 400, "filter_error");
    assert_eq!(app.get("/v2/notes?limit=5.0").await.status, 200);
    assert_error(&app.get("/v2/notes?limit=5.5").await, 400, "validation_type");

    // Scopes of features this server does not have are accepted (and grant nothing).
    let key = api::keys::create_api_key(
        &app.state,
        &app.workspace,
        "new scopes",
        &["email:read".to_owned(), "file:read-write".to_owned()],
    )
    .await
    .expect("key accepts Attio's current scopes");
    let r = app.request_as(&key.token, reqwest::Method::GET, "/v2/objects", None).await;
    assert_error(&r, 403, "forbidden");
}

async fn saved_views(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let list = app.get("/v2/objects/deals/views").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body, json!({"data": [], "pagination": {"next_cursor": null}}));

    let config = json!({"filter": {"stage": "Lead"}, "sorts": [{"attribute": "value", "direction": "desc"}],
        "columns": [{"attribute": "name", "width": 240}, {"attribute": "value"}], "group_by": "stage"});
    let board = app
        .post("/v2/objects/deals/views", json!({"data": {"title": "Pipeline", "type": "board", "config": config}}))
        .await;
    assert_eq!(board.status, 200, "{}", board.body);
    assert_eq!(board.body["data"]["type"], "board");
    assert_eq!(board.body["data"]["config"], config);
    let board_id = board.body["data"]["id"]["view_id"].as_str().unwrap().to_owned();
    let table = app.post("/v2/objects/deals/views", json!({"data": {"title": "Everything"}})).await;
    assert_eq!(table.body["data"]["type"], "table");

    let page = app.get("/v2/objects/deals/views?limit=1").await;
    assert_eq!(page.body["data"][0]["title"], "Pipeline");
    assert!(page.body["data"][0]["id"]["object_id"].is_string());
    assert!(page.body["data"][0].get("config").is_none(), "Attio's listing shape");
    let cursor = page.body["pagination"]["next_cursor"].as_str().unwrap().to_owned();
    let next = app.get(&format!("/v2/objects/deals/views?limit=1&cursor={cursor}")).await;
    assert_eq!(next.body["data"][0]["title"], "Everything");

    let path = format!("/v2/objects/deals/views/{board_id}");
    let renamed = app.patch(&path, json!({"data": {"title": "Q4 pipeline", "is_archived": true}})).await;
    assert_eq!(renamed.body["data"]["title"], "Q4 pipeline");
    assert_eq!(app.get("/v2/objects/deals/views").await.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/v2/objects/deals/views?show_archived=true").await.body["data"].as_array().unwrap().len(), 2);

    // Refusals: a filter the object cannot run, unknown columns, a board without grouping.
    let bad_filter = json!({"data": {"title": "x", "config": {"filter": {"nope": "x"}}}});
    assert_eq!(app.post("/v2/objects/deals/views", bad_filter).await.status, 400);
    let bad_column = json!({"data": {"title": "x", "config": {"columns": [{"attribute": "nope"}]}}});
    assert_error(&app.post("/v2/objects/deals/views", bad_column).await, 400, "validation_type");
    let ungrouped = json!({"data": {"title": "x", "type": "board"}});
    assert_error(&app.post("/v2/objects/deals/views", ungrouped).await, 400, "validation_type");
    let by_name = json!({"data": {"title": "x", "type": "board", "config": {"group_by": "name"}}});
    assert_error(&app.post("/v2/objects/deals/views", by_name).await, 400, "validation_type");
    assert_error(&app.get("/v2/objects/nope/views").await, 404, "not_found");

    // Lists have views of their own; their columns may be the parent record's attributes.
    let list = app
        .post("/v2/lists", json!({"data": {"name": "Hot deals", "api_slug": "hot_deals", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let lv = app
        .post(
            "/v2/lists/hot_deals/views",
            json!({"data": {"title": "Mine", "config": {"columns": [{"attribute": "value"}, {"attribute": "parent.stage"}]}}}),
        )
        .await;
    assert_eq!(lv.status, 200, "{}", lv.body);
    assert!(lv.body["data"]["id"]["list_id"].is_string());
    assert_eq!(app.get("/v2/lists/hot_deals/views").await.body["data"].as_array().unwrap().len(), 1);
    let unknown_parent = json!({"data": {"title": "x", "config": {"columns": [{"attribute": "parent.nope"}]}}});
    assert_error(&app.post("/v2/lists/hot_deals/views", unknown_parent).await, 400, "validation_type");
    assert_error(&app.get("/v2/lists/nope/views").await, 404, "not_found");

    // Workspaces are isolated.
    let other = app.other_workspace("globex").await;
    let r = app.request_as(&other, reqwest::Method::GET, &path, None).await;
    assert_error(&r, 404, "not_found");
    assert_eq!(app.delete(&path).await.body, json!({}));
    assert_error(&app.get(&path).await, 404, "not_found");
}

fn refs(record: &Value, attribute: &str) -> Vec<String> {
    record["values"][attribute]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|v| v["target_record_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn merge_records(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let primary =
        app.create("companies", json!({"name": "Acme", "domains": ["acme.com"], "description": "The primary"})).await;
    let secondary = app
        .create(
            "companies",
            json!({"name": "ACME Inc", "domains": ["acme.io"], "description": "Duplicate", "categories": []}),
        )
        .await;
    let person =
        app.create("people", json!({"company": {"target_object": "companies", "target_record_id": secondary}})).await;
    let deal = app.create("deals", json!({"name": "Rockets", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": primary}})).await;
    let other = app.create("deals", json!({"name": "Anvils", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": secondary}})).await;
    let note = app
        .post("/v2/notes", json!({"data": {"parent_object": "companies", "parent_record_id": secondary, "title": "Met", "format": "plaintext", "content": "x"}}))
        .await;
    assert_eq!(note.status, 200, "{}", note.body);
    let task = app
        .post("/v2/tasks", json!({"data": {"content": "Both", "format": "plaintext", "deadline_at": null, "is_completed": false,
            "linked_records": [{"target_object": "companies", "target_record_id": primary}, {"target_object": "companies", "target_record_id": secondary}], "assignees": []}}))
        .await;
    let task = task.body["data"]["id"]["task_id"].as_str().unwrap().to_owned();
    app.post("/v2/lists", json!({"data": {"name": "Targets", "api_slug": "targets", "parent_object": "companies", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    let entry = app
        .post(
            "/v2/lists/targets/entries",
            json!({"data": {"parent_record_id": secondary, "parent_object": "companies", "entry_values": {}}}),
        )
        .await;
    assert_eq!(entry.status, 200, "{}", entry.body);
    let hook = app
        .post("/v2/webhooks", json!({"data": {"target_url": "https://example.com/hook", "subscriptions": [{"event_type": "record.merged", "filter": null}]}}))
        .await;
    assert_eq!(hook.status, 200, "{}", hook.body);

    let r = app
        .post(
            "/v2/objects/companies/records/merge",
            json!({"data": {"primary_record_id": primary, "secondary_record_id": secondary}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let merged = r.body["data"]["new_record_id"].as_str().expect("new_record_id").to_owned();
    assert!(merged != primary && merged != secondary);

    for old in [&primary, &secondary] {
        assert_error(&app.get(&format!("/v2/objects/companies/records/{old}")).await, 404, "not_found");
    }
    let record = app.get(&format!("/v2/objects/companies/records/{merged}")).await.body["data"].clone();
    assert_eq!(record["values"]["name"][0]["value"], "Acme", "the primary's value wins");
    assert_eq!(record["values"]["description"][0]["value"], "The primary");
    let domains: Vec<&str> =
        record["values"]["domains"].as_array().unwrap().iter().map(|d| d["domain"].as_str().unwrap()).collect();
    assert_eq!(domains, ["acme.com", "acme.io"], "multi-value attributes are joined");
    let mut deals = refs(&record, "associated_deals");
    deals.sort();
    let mut expected = vec![deal.clone(), other.clone()];
    expected.sort();
    assert_eq!(deals, expected);
    assert_eq!(refs(&record, "team"), [person.as_str()]);

    // The other sides of relationships now point at the new record.
    let p = app.get(&format!("/v2/objects/people/records/{person}")).await.body["data"].clone();
    assert_eq!(refs(&p, "company"), [merged.as_str()]);
    let d = app.get(&format!("/v2/objects/deals/records/{other}")).await.body["data"].clone();
    assert_eq!(refs(&d, "associated_company"), [merged.as_str()]);

    // Notes, tasks and list entries moved.
    let notes = app.get(&format!("/v2/notes?parent_object=companies&parent_record_id={merged}")).await;
    assert_eq!(notes.body["data"].as_array().unwrap().len(), 1);
    let t = app.get(&format!("/v2/tasks/{task}")).await.body["data"].clone();
    let linked: Vec<&str> =
        t["linked_records"].as_array().unwrap().iter().map(|l| l["target_record_id"].as_str().unwrap()).collect();
    assert_eq!(linked, [merged.as_str()]);
    let entries = app.get(&format!("/v2/objects/companies/records/{merged}/entries")).await;
    assert_eq!(entries.body["data"].as_array().unwrap().len(), 1, "{}", entries.body);

    // The unique domain of the secondary is the new record's now, and history is kept.
    let dup = app.post("/v2/objects/companies/records", json!({"data": {"values": {"domains": ["acme.io"]}}})).await;
    assert_error(&dup, 409, "uniqueness_violation");
    let history = app
        .get(&format!("/v2/objects/companies/records/{merged}/attributes/description/values?show_historic=true"))
        .await;
    let described: Vec<&str> =
        history.body["data"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert!(described.contains(&"Duplicate") && described.contains(&"The primary"), "{described:?}");

    // Repeating the merge finds nothing to merge.
    let again = app
        .post(
            "/v2/objects/companies/records/merge",
            json!({"data": {"primary_record_id": primary, "secondary_record_id": secondary}}),
        )
        .await;
    assert_error(&again, 404, "not_found");

    // The webhook event was queued with both originals.
    let events: Vec<String> = sqlx::query_scalar::<_, String>("SELECT payload FROM webhook_deliveries")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap_or_default();
    assert!(
        events.iter().any(|e| e.contains("record.merged") && e.contains(&merged) && e.contains(&secondary)),
        "{events:?}"
    );
}

async fn merge_refusals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = app.create("deals", json!({"name": "A", "stage": "Lead"})).await;
    let b = app.create("people", json!({})).await;
    let merge = |p: &str, s: &str| json!({"data": {"primary_record_id": p, "secondary_record_id": s}});
    assert_error(&app.post("/v2/objects/deals/records/merge", merge(&a, &a)).await, 400, "self_merge");
    assert_error(&app.post("/v2/objects/deals/records/merge", merge(&a, &b)).await, 404, "not_found");
    assert_error(&app.post("/v2/objects/deals/records/merge", merge(&a, "not-an-id")).await, 404, "not_found");
    let r = app.post("/v2/objects/deals/records/merge", json!({"data": {"primary_record_id": a}})).await;
    assert_error(&r, 400, "self_merge");
    // Nothing changed.
    assert_eq!(app.get(&format!("/v2/objects/deals/records/{a}")).await.status, 200);
    let other = app.other_workspace("globex").await;
    let c = app.create("deals", json!({"name": "C", "stage": "Lead"})).await;
    let r = app.request_as(&other, reqwest::Method::POST, "/v2/objects/deals/records/merge", Some(merge(&a, &c))).await;
    assert_error(&r, 404, "not_found");
}

async fn delete_custom_object(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_error(&app.delete("/v2/objects/deals").await, 400, "validation_type");
    let r = app
        .post(
            "/v2/objects",
            json!({"data": {"api_slug": "invoices", "singular_noun": "Invoice", "plural_noun": "Invoices"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let attr = app
        .post(
            "/v2/objects/invoices/attributes",
            json!({"data": {"title": "Number", "api_slug": "number", "type": "text", "description": null,
            "is_required": false, "is_unique": true, "is_multiselect": false, "config": {}}}),
        )
        .await;
    assert_eq!(attr.status, 200, "{}", attr.body);
    // A company attribute that can only point at invoices goes with them.
    let link = app
        .post("/v2/objects/companies/attributes", json!({"data": {"title": "Invoices", "api_slug": "invoices", "type": "record-reference", "description": null,
            "is_required": false, "is_unique": false, "is_multiselect": true, "config": {"record_reference": {"allowed_objects": ["invoices"]}}}}))
        .await;
    assert_eq!(link.status, 200, "{}", link.body);
    let invoice = app.create("invoices", json!({"number": "INV-1"})).await;
    let company = app
        .create(
            "companies",
            json!({"name": "Acme", "invoices": [{"target_object": "invoices", "target_record_id": invoice}]}),
        )
        .await;
    app.post("/v2/notes", json!({"data": {"parent_object": "invoices", "parent_record_id": invoice, "title": "Paid", "format": "plaintext", "content": "x"}}))
        .await;
    let task = app
        .post(
            "/v2/tasks",
            json!({"data": {"content": "Chase", "format": "plaintext", "deadline_at": null, "is_completed": false,
            "linked_records": [{"target_object": "invoices", "target_record_id": invoice}], "assignees": []}}),
        )
        .await;
    let task = task.body["data"]["id"]["task_id"].as_str().unwrap().to_owned();
    app.post("/v2/objects/invoices/views", json!({"data": {"title": "All"}})).await;

    assert_eq!(app.delete("/v2/objects/invoices").await.body, json!({}));
    assert_error(&app.get("/v2/objects/invoices").await, 404, "not_found");
    assert_error(&app.get(&format!("/v2/objects/invoices/records/{invoice}")).await, 404, "not_found");
    assert_error(&app.get(&format!("/v2/tasks/{task}")).await, 404, "not_found");
    assert_eq!(app.get("/v2/notes").await.body["data"], json!([]));
    let c = app.get(&format!("/v2/objects/companies/records/{company}")).await;
    assert_eq!(c.status, 200);
    assert!(c.body["data"]["values"].get("invoices").is_none(), "{}", c.body);
    assert_error(&app.get("/v2/objects/companies/attributes/invoices").await, 404, "not_found");
    assert!(!app.get("/v2/objects").await.body["data"].as_array().unwrap().iter().any(|o| o["api_slug"] == "invoices"));
    // The slug is free again, with nothing left over.
    app.post(
        "/v2/objects",
        json!({"data": {"api_slug": "invoices", "singular_noun": "Invoice", "plural_noun": "Invoices"}}),
    )
    .await;
    assert_eq!(app.query("invoices", json!({})).await.body["data"], json!([]));
    assert_eq!(app.get("/v2/objects/invoices/views").await.body["data"], json!([]));
}

async fn write_value_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "Migrated", "stage": "Lead", "value": 10})).await;
    let path = format!("/v2/objects/deals/records/{deal}/attributes/stage/values");
    let history = json!({"data": {"replace_history": true, "values": [
        {"value": "Lead", "active_from": "2024-01-01T00:00:00Z", "active_until": "2024-02-01T00:00:00Z"},
        {"value": "In Progress", "active_from": "2024-02-01T00:00:00Z", "active_until": "2024-03-01T00:00:00Z"},
        {"value": "Won", "active_from": "2024-03-01T00:00:00Z", "active_until": null}
    ]}});
    let r = app.put(&path, history).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let all = app.get(&format!("{path}?show_historic=true")).await;
    let stages: Vec<(&str, &Value)> = all.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["status"]["title"].as_str().unwrap(), &v["active_until"]))
        .collect();
    assert_eq!(stages.len(), 3, "the record's own history was replaced: {stages:?}");
    assert_eq!(stages[0].0, "Lead");
    assert_eq!(stages[2], ("Won", &Value::Null));
    let record = app.get(&format!("/v2/objects/deals/records/{deal}")).await;
    assert_eq!(record.body["data"]["values"]["stage"][0]["status"]["title"], "Won");
    assert!(record.body["data"]["values"]["stage"][0]["active_from"].as_str().unwrap().starts_with("2024-03-01"));
    assert_eq!(app.query_names("deals", json!({"filter": {"stage": "Won"}})).await, ["Migrated"]);

    let write = |values: Value| json!({"data": {"replace_history": true, "values": values}});
    let overlap = write(json!([
        {"value": "Lead", "active_from": "2024-01-01T00:00:00Z", "active_until": "2024-02-15T00:00:00Z"},
        {"value": "Won", "active_from": "2024-02-01T00:00:00Z", "active_until": null}]));
    assert_error(&app.put(&path, overlap).await, 400, "validation_type");
    let two_open = write(json!([
        {"value": "Lead", "active_from": "2024-01-01T00:00:00Z", "active_until": null},
        {"value": "Won", "active_from": "2024-02-01T00:00:00Z", "active_until": null}]));
    assert_error(&app.put(&path, two_open).await, 400, "validation_type");
    assert_error(&app.put(&path, write(json!([]))).await, 400, "validation_type");
    let future = write(json!([{"value": "Won", "active_from": "2999-01-01T00:00:00Z", "active_until": null}]));
    assert_error(&app.put(&path, future).await, 400, "validation_type");
    let backwards =
        write(json!([{"value": "Won", "active_from": "2024-02-01T00:00:00Z", "active_until": "2024-01-01T00:00:00Z"}]));
    assert_error(&app.put(&path, backwards).await, 400, "validation_type");
    let no_until = write(json!([{"value": "Won", "active_from": "2024-02-01T00:00:00Z"}]));
    assert_error(&app.put(&path, no_until).await, 400, "validation_type");
    let bad_value =
        write(json!([{"value": "No such stage", "active_from": "2024-02-01T00:00:00Z", "active_until": null}]));
    assert_eq!(app.put(&path, bad_value).await.status, 400);
    let relationship = format!("/v2/objects/deals/records/{deal}/attributes/associated_company/values");
    let r = app
        .put(
            &relationship,
            write(json!([{"value": null, "active_from": "2024-01-01T00:00:00Z", "active_until": null}])),
        )
        .await;
    assert_error(&r, 400, "validation_type");
    let system = format!("/v2/objects/deals/records/{deal}/attributes/created_at/values");
    let r = app
        .put(
            &system,
            write(
                json!([{"value": "2024-01-01T00:00:00Z", "active_from": "2024-01-01T00:00:00Z", "active_until": null}]),
            ),
        )
        .await;
    assert_error(&r, 400, "validation_type");
    // The refusals changed nothing.
    assert_eq!(app.get(&format!("{path}?show_historic=true")).await.body["data"].as_array().unwrap().len(), 3);
    let missing = "/v2/objects/deals/records/0190f5c2-0000-7000-8000-000000000000/attributes/stage/values";
    let r = app
        .put(missing, write(json!([{"value": "Won", "active_from": "2024-02-01T00:00:00Z", "active_until": null}])))
        .await;
    assert_error(&r, 404, "not_found");
}

async fn write_entry_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.post("/v2/lists", json!({"data": {"name": "Pipeline", "api_slug": "pipeline", "parent_object": "companies", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    let attr = app
        .post(
            "/v2/lists/pipeline/attributes",
            json!({"data": {"title": "Tier", "api_slug": "tier", "type": "number", "description": null,
            "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}}),
        )
        .await;
    assert_eq!(attr.status, 200, "{}", attr.body);
    let company = app.create("companies", json!({"name": "Acme"})).await;
    let entry = app
        .post(
            "/v2/lists/pipeline/entries",
            json!({"data": {"parent_record_id": company, "parent_object": "companies", "entry_values": {"tier": 1}}}),
        )
        .await;
    let entry = entry.body["data"]["id"]["entry_id"].as_str().unwrap().to_owned();
    let path = format!("/v2/lists/pipeline/entries/{entry}/attributes/tier/values");
    let r = app
        .put(
            &path,
            json!({"data": {"replace_history": true, "values": [
            {"value": 3, "active_from": "2023-01-01T00:00:00Z", "active_until": "2024-01-01T00:00:00Z"},
            {"value": 2, "active_from": "2024-01-01T00:00:00Z", "active_until": null}]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let values: Vec<f64> = r.body["data"].as_array().unwrap().iter().map(|v| v["value"].as_f64().unwrap()).collect();
    assert_eq!(values, [3.0, 2.0]);
    let e = app.get(&format!("/v2/lists/pipeline/entries/{entry}")).await;
    assert_eq!(e.body["data"]["entry_values"]["tier"][0]["value"], 2.0);
}

async fn counts_and_referrers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let acme = app.create("companies", json!({"name": "Acme"})).await;
    for (name, stage) in [("a", "Lead"), ("b", "Won"), ("c", "Won")] {
        app.create("deals", json!({"name": name, "stage": stage, "associated_company": {"target_object": "companies", "target_record_id": acme}}))
            .await;
    }
    let person =
        app.create("people", json!({"company": {"target_object": "companies", "target_record_id": acme}})).await;
    let count = |r: crate::common::Response| r.body["data"]["count"].as_u64().unwrap_or(u64::MAX);
    assert_eq!(count(app.post("/v2/objects/deals/records/count", json!({})).await), 3);
    assert_eq!(count(app.post("/v2/objects/deals/records/count", json!({"filter": {"stage": "Won"}})).await), 2);
    assert_error(
        &app.post("/v2/objects/deals/records/count", json!({"filter": {"nope": 1}})).await,
        400,
        "filter_error",
    );
    assert_error(&app.post("/v2/objects/deals/records/count", json!({"limit": 1})).await, 400, "filter_error");
    assert_error(&app.post("/v2/objects/nope/records/count", json!({})).await, 404, "not_found");

    app.post("/v2/lists", json!({"data": {"name": "Accounts", "api_slug": "accounts", "parent_object": "companies", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    app.post(
        "/v2/lists/accounts/entries",
        json!({"data": {"parent_record_id": acme, "parent_object": "companies", "entry_values": {}}}),
    )
    .await;
    assert_eq!(count(app.post("/v2/lists/accounts/entries/count", json!({})).await), 1);

    let r = app.get(&format!("/v2/objects/companies/records/{acme}/referenced-by")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let groups: Vec<(String, String, usize)> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["object"].as_str().unwrap().to_owned(),
                g["attribute"].as_str().unwrap().to_owned(),
                g["records"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert!(groups.contains(&("deals".into(), "associated_company".into(), 3)), "{groups:?}");
    assert!(groups.contains(&("people".into(), "company".into(), 1)), "{groups:?}");
    let people = r.body["data"].as_array().unwrap().iter().find(|g| g["object"] == "people").unwrap();
    assert_eq!(people["records"][0]["id"]["record_id"], person.as_str());
    let missing = "/v2/objects/companies/records/0190f5c2-0000-7000-8000-000000000000/referenced-by";
    assert_error(&app.get(missing).await, 404, "not_found");
}

async fn record_timeline(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "Big one", "stage": "Lead", "value": 100})).await;
    let path = format!("/v2/objects/deals/records/{deal}");
    let r = app.patch(&path, json!({"data": {"values": {"stage": "Won"}}})).await;
    assert_eq!(r.status, 200, "{}", r.body);

    let r = app.get(&format!("{path}/timeline")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let changes = r.body["data"].as_array().unwrap();
    // Newest first: the stage move, with what it replaced; then the values set at creation.
    let moved = &changes[0];
    assert_eq!(moved["attribute"], "stage");
    assert_eq!(moved["attribute_type"], "status");
    assert_eq!(moved["before"][0]["status"]["title"], "Lead");
    assert_eq!(moved["after"][0]["status"]["title"], "Won");
    assert_eq!(moved["actor"]["type"], "api-token");
    let created: Vec<&str> = changes[1..].iter().map(|c| c["attribute"].as_str().unwrap()).collect();
    for slug in ["name", "stage", "value"] {
        assert!(created.contains(&slug), "{created:?}");
    }
    assert!(changes[1..].iter().all(|c| c["before"].as_array().unwrap().is_empty()));
    assert!(changes.windows(2).all(|w| w[0]["at"].as_str() >= w[1]["at"].as_str()));

    let one = app.get(&format!("{path}/timeline?limit=1&offset=1")).await;
    assert_eq!(one.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(one.body["data"][0], changes[1]);
    assert_error(&app.get(&format!("{path}/timeline?limit=501")).await, 400, "validation_type");
    let missing = "/v2/objects/deals/records/0190f5c2-0000-7000-8000-000000000000/timeline";
    assert_error(&app.get(missing).await, 404, "not_found");
}
