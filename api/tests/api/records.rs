use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::{json, Value};

backend_tests!(
    records_round_trip_in_attio_shapes,
    patch_appends_and_put_overwrites,
    history_is_kept,
    bad_values_leave_the_database_unchanged,
    unique_attributes_conflict,
    concurrent_writes_fail_alone,
    assert_upserts_on_a_unique_attribute,
    references_resolve_and_validate,
    delete_removes_records
);

fn first<'a>(record: &'a Value, attr: &str) -> &'a Value {
    &record["values"][attr][0]
}

async fn records_round_trip_in_attio_shapes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let person = app
        .create(
            "people",
            json!({
                "name": "Ada Lovelace",
                "email_addresses": ["Ada@Analytical.Engine.io", {"email_address": "ada@example.com"}],
                "phone_numbers": [{"original_phone_number": "+44 20 7946 0958"}],
                "job_title": "Mathematician",
                "primary_location": {"line_1": "1 St James's Square", "locality": "London", "region": null, "postcode": "SW1Y 4JH", "country_code": "GB", "latitude": "51.5", "longitude": "-0.13", "line_2": null, "line_3": null, "line_4": null}
            }),
        )
        .await;
    let r = app.get(&format!("/v2/objects/people/records/{person}")).await;
    assert_eq!(r.status, 200);
    let rec = &r.body["data"];
    assert_eq!(rec["id"]["record_id"], person.as_str());
    assert!(rec["web_url"].as_str().unwrap().contains(&person));
    let name = first(rec, "name");
    assert_eq!(name["first_name"], "Ada");
    assert_eq!(name["last_name"], "Lovelace");
    assert_eq!(name["full_name"], "Ada Lovelace");
    assert_eq!(name["attribute_type"], "personal-name");
    assert_eq!(name["active_until"], Value::Null);
    assert_eq!(name["created_by_actor"]["type"], "api-token");
    assert!(name["active_from"].is_string());
    let emails = rec["values"]["email_addresses"].as_array().unwrap();
    assert_eq!(emails.len(), 2);
    assert_eq!(emails[0]["email_address"], "ada@analytical.engine.io");
    assert_eq!(emails[0]["original_email_address"], "Ada@Analytical.Engine.io");
    assert_eq!(emails[0]["email_domain"], "analytical.engine.io");
    assert_eq!(emails[0]["email_root_domain"], "engine.io");
    assert_eq!(first(rec, "phone_numbers")["phone_number"], "+442079460958");
    assert_eq!(first(rec, "phone_numbers")["country_code"], "GB");
    assert_eq!(first(rec, "primary_location")["locality"], "London");
    assert_eq!(rec["values"]["description"], json!([]));

    let company = app.create("companies", json!({"name": "Analytical Engines", "domains": ["https://www.Engines.co.uk/about"], "categories": ["SaaS", "B2B"]})).await;
    let c = app.get(&format!("/v2/objects/companies/records/{company}")).await.body["data"].clone();
    assert_eq!(first(&c, "domains")["domain"], "engines.co.uk");
    assert_eq!(first(&c, "domains")["root_domain"], "engines.co.uk");
    let cats: Vec<&str> =
        c["values"]["categories"].as_array().unwrap().iter().map(|o| o["option"]["title"].as_str().unwrap()).collect();
    assert_eq!(cats, ["SaaS", "B2B"]);

    for (slug, ty, cfg) in [
        ("close_date", "date", json!({})),
        ("closed_at", "timestamp", json!({})),
        ("is_hot", "checkbox", json!({})),
        ("probability", "number", json!({})),
        ("score", "rating", json!({})),
    ] {
        let r = app
            .post(
                "/v2/objects/deals/attributes",
                json!({"data": {"title": slug, "api_slug": slug, "type": ty, "is_required": false, "is_unique": false, "is_multiselect": false, "config": cfg}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let deal = app
        .create(
            "deals",
            json!({
                "name": "Big one",
                "stage": {"status": "In Progress"},
                "value": {"currency_value": 12500.5, "currency_code": "EUR"},
                "owner": {"workspace_member_email_address": "ada@acme.test"},
                "associated_company": {"target_object": "companies", "target_record_id": company},
                "associated_people": [{"target_object": "people", "target_record_id": person}],
                "close_date": "2024-05",
                "closed_at": "2024-05-17 10:30:00",
                "is_hot": "true",
                "probability": 0.75,
                "score": 4
            }),
        )
        .await;
    let d = app.get(&format!("/v2/objects/deals/records/{deal}")).await.body["data"].clone();
    assert_eq!(first(&d, "stage")["status"]["title"], "In Progress");
    assert!(first(&d, "stage")["status"]["id"]["status_id"].is_string());
    assert_eq!(first(&d, "value")["currency_value"], 12500.5);
    assert_eq!(first(&d, "value")["currency_code"], "EUR");
    assert_eq!(first(&d, "owner")["referenced_actor_type"], "workspace-member");
    assert_eq!(first(&d, "associated_company")["target_record_id"], company.as_str());
    assert_eq!(first(&d, "associated_company")["target_object"], "companies");
    assert_eq!(first(&d, "associated_people")["target_record_id"], person.as_str());
    assert_eq!(first(&d, "close_date")["value"], "2024-05-01");
    assert_eq!(first(&d, "closed_at")["value"], "2024-05-17T10:30:00.000000000Z");
    assert_eq!(first(&d, "is_hot")["value"], true);
    assert_eq!(first(&d, "probability")["value"], 0.75);
    assert_eq!(first(&d, "score")["value"], 4.0);
    assert_eq!(first(&d, "created_by")["referenced_actor_type"], "api-token");
}

async fn patch_appends_and_put_overwrites(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app
        .create(
            "people",
            json!({"name": "Grace Hopper", "email_addresses": ["grace@navy.mil"], "job_title": "Admiral"}),
        )
        .await;
    let path = format!("/v2/objects/people/records/{id}");
    let r = app
        .patch(
            &path,
            json!({"data": {"values": {"email_addresses": ["grace@cobol.org"], "job_title": "Rear admiral"}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let emails: Vec<&str> = r.body["data"]["values"]["email_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["email_address"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["grace@navy.mil", "grace@cobol.org"]);
    assert_eq!(r.body["data"]["values"]["job_title"][0]["value"], "Rear admiral");

    let r = app.put(&path, json!({"data": {"values": {"email_addresses": ["hopper@harvard.edu"]}}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let emails: Vec<&str> = r.body["data"]["values"]["email_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["email_address"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["hopper@harvard.edu"]);
    // Untouched attributes stay.
    assert_eq!(r.body["data"]["values"]["name"][0]["full_name"], "Grace Hopper");
    // Clearing a value.
    let r = app.patch(&path, json!({"data": {"values": {"job_title": null}}})).await;
    assert_eq!(r.body["data"]["values"]["job_title"], json!([]));
    assert_error(&app.patch(&path, json!({"data": {"values": {}}})).await, 400, "missing_value");
}

async fn history_is_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.create("deals", json!({"name": "Pipeline", "stage": "Lead"})).await;
    let path = format!("/v2/objects/deals/records/{id}");
    for stage in ["In Progress", "In Progress", "Won"] {
        let r = app.patch(&path, json!({"data": {"values": {"stage": stage}}})).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let current = app.get(&format!("{path}/attributes/stage/values")).await;
    let current = current.body["data"].as_array().unwrap().clone();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["status"]["title"], "Won");

    let all = app.get(&format!("{path}/attributes/stage/values?show_historic=true")).await;
    let all = all.body["data"].as_array().unwrap_or_else(|| panic!("{}", all.body)).clone();
    let titles: Vec<&str> =
        all.iter().map(|v| v["status"]["title"].as_str().unwrap_or_else(|| panic!("{v}"))).collect();
    // Rewriting the same value keeps it: three values, oldest first.
    assert_eq!(titles, ["Lead", "In Progress", "Won"]);
    assert!(all[0]["active_until"].is_string());
    assert!(all[1]["active_until"].is_string());
    assert!(all[2]["active_until"].is_null());
    assert_eq!(all[0]["active_until"], all[1]["active_from"]);
    assert_eq!(all[1]["active_until"], all[2]["active_from"]);
    assert!(all.iter().all(|v| v["created_by_actor"]["type"] == "api-token"), "{all:?}");
    // Paging runs over the whole history.
    let page = app.get(&format!("{path}/attributes/stage/values?show_historic=true&offset=1&limit=1")).await;
    assert_eq!(page.body["data"][0]["status"]["title"], "In Progress", "{}", page.body);
}

async fn bad_values_leave_the_database_unchanged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases = [
        (json!({"name": "A", "stage": "Lead", "value": "lots"}), 400, "value_not_found"),
        (json!({"name": "A", "stage": "Nope"}), 400, "value_not_found"),
        (json!({"name": 42, "stage": "Lead"}), 400, "value_not_found"),
        (json!({"name": ["A", "B"], "stage": "Lead"}), 400, "value_not_found"),
        (json!({"stage": "Lead"}), 400, "value_not_found"),
        (json!({"name": "A"}), 400, "value_not_found"),
        (json!({"name": "A", "stage": "Lead", "colour": "red"}), 404, "not_found"),
        (json!({"name": "A", "stage": "Lead", "record_id": "x"}), 400, "value_not_found"),
        (
            json!({"name": "A", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": "0190f5c2-0000-7000-8000-000000000000"}}),
            400,
            "value_not_found",
        ),
        (
            json!({"name": "A", "stage": "Lead", "owner": {"workspace_member_email_address": "nobody@acme.test"}}),
            400,
            "value_not_found",
        ),
    ];
    for (values, status, code) in cases {
        let r = app.post("/v2/objects/deals/records", json!({"data": {"values": values}})).await;
        assert_error(&r, status, code);
    }
    let r = app.post("/v2/objects/deals/records", json!({"values": {}})).await;
    assert_error(&r, 400, "value_not_found");
    let r = app.post("/v2/objects/nope/records", json!({"data": {"values": {}}})).await;
    assert_error(&r, 404, "not_found");
    assert_eq!(app.query("deals", json!({})).await.body["data"], json!([]));

    // A failing update changes nothing, even when other values in it were valid.
    let id = app.create("deals", json!({"name": "Keep", "stage": "Lead"})).await;
    let r = app
        .patch(
            &format!("/v2/objects/deals/records/{id}"),
            json!({"data": {"values": {"name": "Changed", "stage": "Nope"}}}),
        )
        .await;
    assert_error(&r, 400, "missing_value");
    let r = app.get(&format!("/v2/objects/deals/records/{id}")).await;
    assert_eq!(r.body["data"]["values"]["name"][0]["value"], "Keep");
    assert_error(&app.get("/v2/objects/deals/records/not-a-uuid").await, 404, "not_found");
    assert_error(&app.get("/v2/objects/deals/records/0190f5c2-0000-7000-8000-000000000000").await, 404, "not_found");
}

/// Concurrent writes share transactions on SQLite: a failing write must take nothing of its
/// own with it into the commit, and nothing of the others out of it.
async fn concurrent_writes_fail_alone(backend: Backend) {
    let config = api::Config { writes_per_sec: 0, ..api::Config::new("http://crm.test") };
    let app = TestApp::spawn_with(backend, config).await;
    let create = |name: String, domain: String| {
        let app = &app;
        async move {
            app.post("/v2/objects/companies/records", json!({"data": {"values": {"name": name, "domains": [domain]}}}))
                .await
        }
    };
    let mut writes = Vec::new();
    for i in 0..30 {
        let domain = if i % 3 == 0 { "dup.com".to_owned() } else { format!("d{i}.com") };
        writes.push(create(format!("Company {i}"), domain));
    }
    let bad = (0..10).map(|i| {
        let app = &app;
        async move {
            app.post(
                "/v2/objects/deals/records",
                json!({"data": {"values": {"name": format!("Deal {i}"), "stage": "Nope"}}}),
            )
            .await
        }
    });
    let (results, bad) = tokio::join!(futures_util::future::join_all(writes), futures_util::future::join_all(bad));
    let status = |r: &crate::common::Response| r.status.as_u16();
    let statuses: Vec<u16> = results.iter().map(status).collect();
    assert_eq!(results.iter().filter(|r| status(r) == 200).count(), 21, "{statuses:?}");
    assert_eq!(results.iter().filter(|r| status(r) == 409).count(), 9);
    assert!(bad.iter().all(|r| status(r) == 400));
    assert_eq!(app.query("deals", json!({})).await.body["data"].as_array().unwrap().len(), 0);
    let companies = app.query("companies", json!({})).await.body["data"].as_array().unwrap().clone();
    assert_eq!(companies.len(), 21);
    // Each company has the one value of its own write: the losers left no history.
    for company in &companies {
        let id = company["id"]["record_id"].as_str().unwrap();
        let r =
            app.get(&format!("/v2/objects/companies/records/{id}/attributes/domains/values?show_historic=true")).await;
        assert_eq!(r.body["data"].as_array().unwrap().len(), 1, "{}", r.body);
    }
    // The losers claimed nothing: once the winner is gone, the domain is free.
    let r = app.query("companies", json!({"filter": {"domains": "dup.com"}})).await;
    let winner = r.body["data"][0]["id"]["record_id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(app.delete(&format!("/v2/objects/companies/records/{winner}")).await.status.as_u16(), 200);
    assert_eq!(status(&create("Again".into(), "dup.com".into()).await), 200);
}

async fn unique_attributes_conflict(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.create("companies", json!({"name": "Acme", "domains": ["acme.com"]})).await;
    let r = app
        .post("/v2/objects/companies/records", json!({"data": {"values": {"name": "Acme 2", "domains": ["ACME.com"]}}}))
        .await;
    assert_error(&r, 409, "uniqueness_violation");
    let other = app.create("companies", json!({"name": "Other", "domains": ["other.com"]})).await;
    let r = app
        .patch(
            &format!("/v2/objects/companies/records/{other}"),
            json!({"data": {"values": {"domains": ["acme.com"]}}}),
        )
        .await;
    assert_error(&r, 409, "uniqueness_violation");
    let names = app.query("companies", json!({})).await.body["data"].as_array().unwrap().len();
    assert_eq!(names, 2);
    // The value is free again once its record drops it.
    let r = app
        .put(&format!("/v2/objects/companies/records/{other}"), json!({"data": {"values": {"domains": ["other.io"]}}}))
        .await;
    assert_eq!(r.status, 200);
    let r = app
        .patch(
            &format!("/v2/objects/companies/records/{other}"),
            json!({"data": {"values": {"domains": ["other.com"]}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn assert_upserts_on_a_unique_attribute(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({"data": {"values": {"name": "Initech", "domains": ["initech.com"]}}});
    let a = app.put("/v2/objects/companies/records?matching_attribute=domains", body.clone()).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let b = app
        .put(
            "/v2/objects/companies/records?matching_attribute=domains",
            json!({"data": {"values": {"name": "Initech Corp", "domains": ["initech.com"]}}}),
        )
        .await;
    assert_eq!(b.body["data"]["id"]["record_id"], a.body["data"]["id"]["record_id"]);
    assert_eq!(b.body["data"]["values"]["name"][0]["value"], "Initech Corp");
    assert_eq!(app.query("companies", json!({})).await.body["data"].as_array().unwrap().len(), 1);
    assert_error(
        &app.put("/v2/objects/companies/records?matching_attribute=name", body.clone()).await,
        400,
        "value_not_found",
    );
    assert_error(&app.put("/v2/objects/companies/records", body).await, 400, "value_not_found");
}

async fn references_resolve_and_validate(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let company = app.create("companies", json!({"name": "Hooli", "domains": ["hooli.xyz"]})).await;
    // By a unique attribute of the target.
    let person = app.create("people", json!({"name": "Gavin Belson", "company": {"target_object": "companies", "domains": [{"domain": "hooli.xyz"}]}})).await;
    let p = app.get(&format!("/v2/objects/people/records/{person}")).await.body["data"].clone();
    assert_eq!(first(&p, "company")["target_record_id"], company.as_str());
    // Not an allowed object.
    let r = app
        .post(
            "/v2/objects/people/records",
            json!({"data": {"values": {"company": {"target_object": "people", "target_record_id": person}}}}),
        )
        .await;
    assert_error(&r, 400, "value_not_found");
}

async fn delete_removes_records(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.create("companies", json!({"name": "Gone", "domains": ["gone.com"]})).await;
    let r = app.delete(&format!("/v2/objects/companies/records/{id}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({}));
    assert_error(&app.get(&format!("/v2/objects/companies/records/{id}")).await, 404, "not_found");
    assert_error(&app.delete(&format!("/v2/objects/companies/records/{id}")).await, 404, "not_found");
    // Its unique values are released.
    app.create("companies", json!({"name": "Back", "domains": ["gone.com"]})).await;
}

mod relationships {
    use crate::backend_tests;
    use crate::common::{Backend, TestApp};
    use serde_json::{json, Value};

    backend_tests!(both_directions_stay_consistent);

    fn ids(record: &Value, attr: &str) -> Vec<String> {
        record["values"][attr]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["target_record_id"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn both_directions_stay_consistent(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let a = app.create("companies", json!({"name": "A"})).await;
        let b = app.create("companies", json!({"name": "B"})).await;
        let p = app
            .create("people", json!({"name": "Pat", "company": {"target_object": "companies", "target_record_id": a}}))
            .await;
        let get = |object: &'static str, id: String| {
            let app = &app;
            async move { app.get(&format!("/v2/objects/{object}/records/{id}")).await.body["data"].clone() }
        };
        assert_eq!(ids(&get("companies", a.clone()).await, "team"), [p.as_str()]);

        // Moving the person moves them between teams.
        let r = app
            .patch(
                &format!("/v2/objects/people/records/{p}"),
                json!({"data": {"values": {"company": {"target_object": "companies", "target_record_id": b}}}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(ids(&get("companies", a.clone()).await, "team").is_empty());
        assert_eq!(ids(&get("companies", b.clone()).await, "team"), [p.as_str()]);

        // Writing the multi-value side sets the single-value side, and takes it from its old team.
        let q = app.create("people", json!({"name": "Quinn"})).await;
        app.patch(&format!("/v2/objects/companies/records/{a}"), json!({"data": {"values": {"team": [{"target_object": "people", "target_record_id": p}, {"target_object": "people", "target_record_id": q}]}}})).await;
        assert_eq!(ids(&get("people", p.clone()).await, "company"), [a.as_str()]);
        assert_eq!(ids(&get("people", q.clone()).await, "company"), [a.as_str()]);
        assert!(ids(&get("companies", b.clone()).await, "team").is_empty());

        // Deals and their company.
        let d = app.create("deals", json!({"name": "D", "stage": "Lead", "associated_company": {"target_object": "companies", "target_record_id": a}, "associated_people": [{"target_object": "people", "target_record_id": q}]})).await;
        assert_eq!(ids(&get("companies", a.clone()).await, "associated_deals"), [d.as_str()]);
        assert_eq!(ids(&get("people", q.clone()).await, "associated_deals"), [d.as_str()]);

        // Deleting a deal removes it from its company's and people's deals.
        app.delete(&format!("/v2/objects/deals/records/{d}")).await;
        assert!(ids(&get("companies", a.clone()).await, "associated_deals").is_empty());
        assert!(ids(&get("people", q.clone()).await, "associated_deals").is_empty());

        // Clearing one side clears the other.
        app.put(&format!("/v2/objects/companies/records/{a}"), json!({"data": {"values": {"team": []}}})).await;
        assert!(ids(&get("people", p.clone()).await, "company").is_empty());
        assert!(ids(&get("people", q.clone()).await, "company").is_empty());
    }
}
