use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::json;

backend_tests!(
    standard_objects_are_seeded,
    objects_can_be_created_and_renamed,
    attributes_can_be_listed_and_created,
    uniqueness_can_be_switched_on_and_off,
    bad_object_input
);

async fn standard_objects_are_seeded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app.get("/v2/objects").await;
    assert_eq!(r.status, 200);
    let slugs: Vec<&str> = r.body["data"].as_array().unwrap().iter().map(|o| o["api_slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["people", "companies", "deals"]);
    let deals = &r.body["data"][2];
    assert_eq!(deals["singular_noun"], "Deal");
    assert!(deals["id"]["workspace_id"].is_string() && deals["id"]["object_id"].is_string());

    let attrs = app.get("/v2/objects/people/attributes").await.body["data"].as_array().unwrap().clone();
    let find = |slug: &str| attrs.iter().find(|a| a["api_slug"] == slug).unwrap_or_else(|| panic!("{slug}")).clone();
    assert_eq!(find("name")["type"], "personal-name");
    assert_eq!(find("email_addresses")["type"], "email-address");
    assert_eq!(find("email_addresses")["is_multiselect"], true);
    assert_eq!(find("email_addresses")["is_unique"], true);
    assert_eq!(find("phone_numbers")["type"], "phone-number");
    assert_eq!(find("company")["type"], "record-reference");
    assert_eq!(find("job_title")["type"], "text");
    assert_eq!(find("record_id")["is_system_attribute"], true);

    let deal_attrs = app.get("/v2/objects/deals/attributes").await.body["data"].as_array().unwrap().clone();
    let types: Vec<(String, String)> = deal_attrs
        .iter()
        .map(|a| (a["api_slug"].as_str().unwrap().to_owned(), a["type"].as_str().unwrap().to_owned()))
        .collect();
    for (slug, ty) in [
        ("name", "text"),
        ("stage", "status"),
        ("value", "currency"),
        ("owner", "actor-reference"),
        ("associated_people", "record-reference"),
        ("associated_company", "record-reference"),
    ] {
        assert!(types.contains(&(slug.into(), ty.into())), "{slug}: {types:?}");
    }
    let stages = app.get("/v2/objects/deals/attributes/stage/statuses").await;
    let titles: Vec<&str> =
        stages.body["data"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Lead", "In Progress", "Won", "Lost"]);

    let companies = app.get("/v2/objects/companies/attributes").await.body["data"].as_array().unwrap().clone();
    assert!(companies.iter().any(|a| a["api_slug"] == "domains" && a["type"] == "domain"));
}

async fn objects_can_be_created_and_renamed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"data": {"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}});
    let r = app.post("/v2/objects", body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["data"]["id"]["object_id"].as_str().unwrap().to_owned();
    assert_error(&app.post("/v2/objects", body).await, 409, "slug_conflict");

    let r = app.get(&format!("/v2/objects/{id}")).await;
    assert_eq!(r.body["data"]["api_slug"], "projects");
    let r = app
        .patch("/v2/objects/projects", json!({"data": {"plural_noun": "All projects", "api_slug": "initiatives"}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["plural_noun"], "All projects");
    assert_eq!(app.get("/v2/objects/initiatives").await.body["data"]["id"]["object_id"], id.as_str());
    assert_error(&app.get("/v2/objects/projects").await, 404, "not_found");
    assert_error(
        &app.patch("/v2/objects/initiatives", json!({"data": {"api_slug": "deals"}})).await,
        409,
        "slug_conflict",
    );
    assert_error(&app.patch("/v2/objects/initiatives", json!({"data": {}})).await, 400, "validation_type");

    // A custom object gets system attributes and takes records.
    let r = app
        .post(
            "/v2/objects/initiatives/attributes",
            json!({"data": {"title": "Name", "api_slug": "name", "type": "text", "is_required": true, "is_unique": false, "is_multiselect": false, "config": {}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let rec = app.create("initiatives", json!({"name": "Launch"})).await;
    let r = app.get(&format!("/v2/objects/initiatives/records/{rec}")).await;
    assert_eq!(r.body["data"]["values"]["name"][0]["value"], "Launch");
    assert_eq!(r.body["data"]["values"]["record_id"][0]["value"], rec.as_str());
}

async fn attributes_can_be_listed_and_created(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (slug, ty, extra) in [
        ("close_date", "date", json!({})),
        ("probability", "number", json!({})),
        ("is_hot", "checkbox", json!({})),
        ("rating", "rating", json!({})),
        ("closed_at", "timestamp", json!({})),
        ("region", "select", json!({})),
        ("website", "domain", json!({})),
        ("contact_email", "email-address", json!({})),
        ("hq", "location", json!({})),
        ("arr", "currency", json!({"currency": {"default_currency_code": "EUR", "display_type": "code"}})),
        ("champion", "record-reference", json!({"record_reference": {"allowed_objects": ["people"]}})),
        ("reviewer", "actor-reference", json!({})),
        ("phone", "phone-number", json!({})),
        ("health", "status", json!({})),
        ("notes", "text", json!({})),
    ] {
        let r = app
            .post(
                "/v2/objects/deals/attributes",
                json!({"data": {"title": slug, "api_slug": slug, "type": ty, "is_required": false, "is_unique": false, "is_multiselect": false, "config": extra}}),
            )
            .await;
        assert_eq!(r.status, 200, "{slug}: {}", r.body);
        assert_eq!(r.body["data"]["type"], ty);
    }
    let r = app.get("/v2/objects/deals/attributes/arr").await;
    assert_eq!(r.body["data"]["config"]["currency"]["default_currency_code"], "EUR");
    let dup = json!({"data": {"title": "Name", "api_slug": "name", "type": "text", "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
    assert_error(&app.post("/v2/objects/deals/attributes", dup).await, 409, "slug_conflict");
    let bad = json!({"data": {"title": "X", "api_slug": "x", "type": "colour", "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
    assert_error(&app.post("/v2/objects/deals/attributes", bad).await, 400, "validation_type");
    assert_error(&app.get("/v2/objects/nope/attributes").await, 404, "not_found");

    // Options of a new select attribute.
    let r = app.post("/v2/objects/deals/attributes/region/options", json!({"data": {"title": "EMEA"}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["title"], "EMEA");
    assert_error(
        &app.post("/v2/objects/deals/attributes/region/options", json!({"data": {"title": "EMEA"}})).await,
        409,
        "slug_conflict",
    );
    let r = app.patch("/v2/objects/deals/attributes/region/options/EMEA", json!({"data": {"title": "Europe"}})).await;
    assert_eq!(r.body["data"]["title"], "Europe", "{}", r.body);

    // Archiving hides an attribute from lists and records.
    let r = app.patch("/v2/objects/deals/attributes/notes", json!({"data": {"is_archived": true}})).await;
    assert_eq!(r.body["data"]["is_archived"], true, "{}", r.body);
    let listed = app.get("/v2/objects/deals/attributes").await.body["data"].as_array().unwrap().clone();
    assert!(!listed.iter().any(|a| a["api_slug"] == "notes"));
    let listed =
        app.get("/v2/objects/deals/attributes?show_archived=true").await.body["data"].as_array().unwrap().clone();
    assert!(listed.iter().any(|a| a["api_slug"] == "notes"));
}

async fn bad_object_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app
        .post("/v2/objects", json!({"data": {"api_slug": "Bad Slug", "singular_noun": "A", "plural_noun": "B"}}))
        .await;
    assert_error(&r, 400, "validation_type");
    let r = app.post("/v2/objects", json!({"data": {"api_slug": "ok"}})).await;
    assert_error(&r, 400, "validation_type");
    let res = app
        .client
        .post(format!("{}/v2/objects", app.base))
        .bearer_auth(&app.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "validation_type");
    assert_error(&app.get("/v2/objects/unknown").await, 404, "not_found");
    assert_error(&app.get("/v2/nothing/here").await, 404, "not_found");
}

/// As in Attio, making an attribute unique does not check existing data, but new values must
/// differ from every existing one.
async fn uniqueness_can_be_switched_on_and_off(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"data": {"title": "Code", "api_slug": "code", "type": "text", "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}}});
    assert_eq!(app.post("/v2/objects/companies/attributes", body).await.status, 200);
    for (name, code) in [("A", "X"), ("B", "X"), ("C", "Y")] {
        app.create("companies", json!({"name": name, "code": code})).await;
    }
    let path = "/v2/objects/companies/attributes/code";
    let r = app.patch(path, json!({"data": {"is_unique": true}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["is_unique"], true);
    let create = |name: &'static str, code: &'static str| {
        app.post("/v2/objects/companies/records", json!({"data": {"values": {"name": name, "code": code}}}))
    };
    assert_error(&create("D", "Y").await, 409, "uniqueness_violation");
    assert_error(&create("D", "X").await, 409, "uniqueness_violation");
    assert_eq!(create("D", "Z").await.status, 200);
    // Asserting on the attribute finds the record that had the value before.
    let r = app
        .put(
            "/v2/objects/companies/records?matching_attribute=code",
            json!({"data": {"values": {"code": "Y", "name": "C2"}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["values"]["name"][0]["value"], "C2");
    let r = app.patch(path, json!({"data": {"is_unique": false}})).await;
    assert_eq!(r.body["data"]["is_unique"], false);
    assert_eq!(create("E", "Y").await.status, 200);
    assert_eq!(
        app.query("companies", json!({"filter": {"code": "Y"}})).await.body["data"].as_array().unwrap().len(),
        2
    );
}
