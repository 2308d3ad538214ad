use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::json;

backend_tests!(lists_hold_entries_with_their_own_values, entries_are_queried_like_records);

async fn pipeline(app: &TestApp) {
    let r = app
        .post("/v2/lists", json!({"data": {"name": "Hiring", "api_slug": "hiring", "parent_object": "people", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["parent_object"], json!(["people"]));
    for (slug, ty) in [("stage", "status"), ("score", "rating"), ("notes", "text")] {
        let r = app
            .post(
                "/v2/lists/hiring/attributes",
                json!({"data": {"title": slug, "api_slug": slug, "type": ty, "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Attio names the parent `object_id` for list attributes too.
        assert!(r.body["data"]["id"]["object_id"].is_string(), "{}", r.body);
    }
    for title in ["Applied", "Interview", "Offer"] {
        let r = app.post("/v2/lists/hiring/attributes/stage/statuses", json!({"data": {"title": title}})).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

async fn lists_hold_entries_with_their_own_values(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    pipeline(&app).await;
    assert_error(
        &app.post("/v2/lists", json!({"data": {"name": "Again", "api_slug": "hiring", "parent_object": "people", "workspace_access": null, "workspace_member_access": []}})).await,
        409,
        "slug_conflict",
    );
    assert_eq!(app.get("/v2/lists").await.body["data"].as_array().unwrap().len(), 1);
    let r = app.patch("/v2/lists/hiring", json!({"data": {"name": "Hiring 2027"}})).await;
    assert_eq!(r.body["data"]["name"], "Hiring 2027", "{}", r.body);
    // A renamed list is found by its new slug at once, and no longer by the old one.
    assert_eq!(app.get("/v2/lists/hiring").await.body["data"]["name"], "Hiring 2027");
    assert_eq!(app.patch("/v2/lists/hiring", json!({"data": {"api_slug": "recruiting"}})).await.status, 200);
    assert_error(&app.get("/v2/lists/hiring").await, 404, "not_found");
    assert_eq!(app.get("/v2/lists/recruiting").await.body["data"]["name"], "Hiring 2027");
    assert_eq!(app.patch("/v2/lists/recruiting", json!({"data": {"api_slug": "hiring"}})).await.status, 200);

    let ada = app.create("people", json!({"name": "Ada Lovelace"})).await;
    let company = app.create("companies", json!({"name": "Acme"})).await;
    let r = app
        .post("/v2/lists/hiring/entries", json!({"data": {"parent_record_id": ada, "parent_object": "people", "entry_values": {"stage": "Applied", "score": 4}}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let entry = r.body["data"].clone();
    let entry_id = entry["id"]["entry_id"].as_str().unwrap().to_owned();
    assert_eq!(entry["parent_record_id"], ada.as_str());
    assert_eq!(entry["parent_object"], "people");
    assert_eq!(entry["entry_values"]["stage"][0]["status"]["title"], "Applied");
    assert_eq!(entry["entry_values"]["score"][0]["value"], 4.0);
    assert_eq!(entry["entry_values"]["notes"], json!([]));

    // The kanban move: a PATCH of the entry, with history.
    let path = format!("/v2/lists/hiring/entries/{entry_id}");
    let r = app.patch(&path, json!({"data": {"entry_values": {"stage": "Interview"}}})).await;
    assert_eq!(r.body["data"]["entry_values"]["stage"][0]["status"]["title"], "Interview", "{}", r.body);
    let h = app.get(&format!("{path}/attributes/stage/values?show_historic=true")).await;
    assert_eq!(h.body["data"].as_array().unwrap().len(), 2, "{}", h.body);
    let other = app.create("people", json!({"name": "Alan Turing"})).await;
    assert_error(
        &app.patch(&path, json!({"data": {"parent_record_id": other, "entry_values": {}}})).await,
        400,
        "immutable_value",
    );

    // Wrong parent object, unknown record.
    let wrong = json!({"data": {"parent_record_id": company, "parent_object": "companies", "entry_values": {}}});
    assert_error(&app.post("/v2/lists/hiring/entries", wrong).await, 400, "value_not_found");
    let missing = json!({"data": {"parent_record_id": "0190f5c2-0000-7000-8000-000000000000", "parent_object": "people", "entry_values": {}}});
    assert_error(&app.post("/v2/lists/hiring/entries", missing).await, 400, "value_not_found");

    // Assert by parent record updates the one entry.
    let r = app
        .put(
            "/v2/lists/hiring/entries",
            json!({"data": {"parent_record_id": ada, "parent_object": "people", "entry_values": {"notes": "Strong"}}}),
        )
        .await;
    assert_eq!(r.body["data"]["id"]["entry_id"], entry_id.as_str(), "{}", r.body);
    assert_eq!(r.body["data"]["entry_values"]["notes"][0]["value"], "Strong");
    // A second entry for the same record makes the assert ambiguous.
    app.post(
        "/v2/lists/hiring/entries",
        json!({"data": {"parent_record_id": ada, "parent_object": "people", "entry_values": {}}}),
    )
    .await;
    let r = app
        .put(
            "/v2/lists/hiring/entries",
            json!({"data": {"parent_record_id": ada, "parent_object": "people", "entry_values": {}}}),
        )
        .await;
    assert_error(&r, 400, "multiple_match_results");

    let r = app.get(&format!("/v2/objects/people/records/{ada}/entries")).await;
    let items = r.body["data"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{}", r.body);
    assert_eq!(items[0]["list_api_slug"], "hiring");

    // A comment thread on the entry.
    let member = app.get("/v2/workspace_members").await.body["data"][0]["id"]["workspace_member_id"].clone();
    let c = app
        .post(
            "/v2/comments",
            json!({"data": {"format": "plaintext", "content": "Great interview", "author": {"type": "workspace-member", "id": member},
                "entry": {"list": "hiring", "entry_id": entry_id}}}),
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(c.body["data"]["entry"]["entry_id"], entry_id.as_str());
    let t = app.get(&format!("/v2/threads?list=hiring&entry_id={entry_id}")).await;
    assert_eq!(t.body["data"][0]["comments"][0]["content_plaintext"], "Great interview", "{}", t.body);

    assert_eq!(app.delete(&path).await.body, json!({}));
    assert_error(&app.get(&path).await, 404, "not_found");
    assert_error(&app.delete(&path).await, 404, "not_found");
    // Deleting the record removes its remaining entry.
    app.delete(&format!("/v2/objects/people/records/{ada}")).await;
    assert_eq!(app.post("/v2/lists/hiring/entries/query", json!({})).await.body["data"], json!([]));
}

async fn entries_are_queried_like_records(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    pipeline(&app).await;
    for (name, email, stage, score) in [
        ("Ada Lovelace", "ada@startup.io", "Offer", 5),
        ("Alan Turing", "alan@corp.com", "Interview", 3),
        ("Grace Hopper", "grace@navy.mil", "Interview", 4),
    ] {
        let p = app.create("people", json!({"name": name, "email_addresses": [email]})).await;
        let r = app
            .post("/v2/lists/hiring/entries", json!({"data": {"parent_record_id": p, "parent_object": "people", "entry_values": {"stage": stage, "score": score}}}))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let names = |r: &crate::common::Response| -> Vec<i64> {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["entry_values"]["score"][0]["value"].as_f64().unwrap() as i64)
            .collect()
    };
    let r = app
        .post(
            "/v2/lists/hiring/entries/query",
            json!({"filter": {"stage": "Interview"}, "sorts": [{"attribute": "score", "direction": "desc"}]}),
        )
        .await;
    assert_eq!(names(&r), [4, 3], "{}", r.body);
    // Entries whose person has an e-mail at corp.com: a path through the parent record.
    let f = json!({"filter": {"path": [["hiring", "parent_record"], ["people", "email_addresses"]], "constraints": {"email_domain": "corp.com"}}});
    let r = app.post("/v2/lists/hiring/entries/query", f).await;
    assert_eq!(names(&r), [3], "{}", r.body);
    assert_error(&app.post("/v2/lists/nope/entries/query", json!({})).await, 404, "not_found");
    assert_error(
        &app.post("/v2/lists/hiring/entries/query", json!({"filter": {"colour": "red"}})).await,
        400,
        "filter_error",
    );
}
