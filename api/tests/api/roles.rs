//! Roles: a signed-in member works with records, notes and views, and only an admin changes
//! the configuration, whatever the door (the service functions the web app's server functions
//! and the /v2 routes share).

use crate::backend_tests;
use crate::common::{Backend, TestApp};
use api::attributes::{self, Target};
use api::choices::ChoiceKind;
use api::error::ApiError;
use api::{keys, lists, objects, records, views, webhooks, Ctx};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

backend_tests!(a_member_works_with_records_but_not_the_configuration, an_admin_changes_the_configuration);

/// A service's body, as its /v2 route takes it.
fn body<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid body")
}

/// The context of a browser session of a new member of the test's workspace.
async fn signed_in(app: &TestApp, email: &str, admin: bool) -> Ctx {
    let password = "a-long-password-1";
    let new = api::members::NewMember {
        workspace: &app.workspace,
        email,
        password,
        first_name: "Sam",
        last_name: "Lee",
        admin,
    };
    api::members::create_member(&app.state.db, new).await.unwrap();
    let session = api::session::login(&app.state, email, password).await.unwrap();
    api::session::context(&app.state, &session.token).await.unwrap()
}

#[track_caller]
fn refused<T: std::fmt::Debug>(what: &str, result: Result<T, ApiError>) {
    match result {
        Err(ApiError::Forbidden(message)) => assert!(message.contains("admins"), "{what}: {message}"),
        other => panic!("{what} was not refused: {other:?}"),
    }
}

async fn a_member_works_with_records_but_not_the_configuration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // What the member will try to change, made with the admin's key.
    let r = app
        .post("/v2/lists", json!({"data": {"name": "Pipeline", "api_slug": "pipeline", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post("/v2/webhooks", json!({"data": {"target_url": "https://hooks.example.com/crm", "subscriptions": [{"event_type": "record.created", "filter": null}]}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let hook = r.body["data"]["id"]["webhook_id"].as_str().unwrap().to_owned();
    let statuses = app.get("/v2/objects/deals/attributes/stage/statuses").await;
    let won = statuses.body["data"].as_array().unwrap().iter().find(|s| s["title"] == "Won").unwrap()["id"]
        ["status_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let ctx = signed_in(&app, "sam@example.com", false).await;
    let attribute = json!({"title": "Region", "api_slug": "region", "type": "text", "description": null, "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}});
    refused(
        "creating an object",
        objects::create_object(
            &ctx,
            body(json!({"api_slug": "invoices", "singular_noun": "Invoice", "plural_noun": "Invoices"})),
        )
        .await,
    );
    refused(
        "renaming an object",
        objects::update_object(&ctx, "deals", body(json!({"plural_noun": "Opportunities"}))).await,
    );
    refused("deleting an object", objects::delete_object(&ctx, "deals").await);
    refused(
        "creating an attribute",
        attributes::create_attribute(&ctx, Target::Objects, "deals", body(attribute.clone())).await,
    );
    refused(
        "renaming an attribute",
        attributes::update_attribute(&ctx, Target::Objects, "deals", "name", body(json!({"title": "Title"}))).await,
    );
    refused(
        "adding a status",
        attributes::create_choice(
            &ctx,
            ChoiceKind::Status,
            Target::Objects,
            "deals",
            "stage",
            body(json!({"title": "Parked"})),
        )
        .await,
    );
    refused(
        "renaming a status",
        attributes::update_choice(
            &ctx,
            ChoiceKind::Status,
            Target::Objects,
            "deals",
            "stage",
            &won,
            body(json!({"title": "Closed"})),
        )
        .await,
    );
    refused(
        "creating a list",
        lists::create_list(&ctx, body(json!({"name": "Other", "api_slug": "other", "parent_object": "deals", "workspace_access": "full-access", "workspace_member_access": []}))).await,
    );
    refused("renaming a list", lists::update_list(&ctx, "pipeline", body(json!({"name": "Renamed"}))).await);
    refused(
        "creating a list attribute",
        attributes::create_attribute(&ctx, Target::Lists, "pipeline", body(attribute)).await,
    );
    refused(
        "creating a webhook",
        webhooks::create_webhook(&ctx, body(json!({"target_url": "https://hooks.example.com/x", "subscriptions": []})))
            .await,
    );
    refused(
        "changing a webhook",
        webhooks::update_webhook(&ctx, &hook, body(json!({"target_url": "https://hooks.example.com/y"}))).await,
    );
    refused("deleting a webhook", webhooks::delete_webhook(&ctx, &hook).await);
    refused("listing keys", keys::list_api_keys(&ctx).await);
    refused("creating a key", keys::create_key(&ctx, "mine", &[]).await.map(|k| k.id));
    refused("revoking a key", keys::revoke_api_key(&ctx, &uuid_of_any()).await);

    // Nothing refused was written.
    let deals = app.get("/v2/objects/deals").await;
    assert_eq!(deals.body["data"]["plural_noun"], "Deals");
    assert_eq!(app.get("/v2/objects/invoices").await.status, 404);
    assert_eq!(app.get("/v2/lists/pipeline").await.body["data"]["name"], "Pipeline");
    assert_eq!(app.get(&format!("/v2/webhooks/{hook}")).await.status, 200);

    // The member still reads the configuration, works with records and shares views.
    assert!(attributes::list_attributes(&ctx, Target::Objects, "deals", false).await.is_ok());
    let mut values = serde_json::Map::new();
    values.insert("name".into(), json!("Member's deal"));
    values.insert("stage".into(), json!("Lead"));
    let deal = records::create_record(&ctx, "deals", values).await.unwrap();
    let id = deal.into_record().unwrap().id.record_id.to_string();
    let mut stage = serde_json::Map::new();
    stage.insert("stage".into(), json!("Won"));
    records::update_record(&ctx, "deals", &id, stage, records::WriteMode::Append).await.unwrap();
    let view = views::create_view(
        &ctx,
        views::Parent::Object("deals"),
        body(json!({"title": "Mine", "type": "table", "config": {}})),
    )
    .await;
    assert!(view.is_ok(), "{view:?}");
}

fn uuid_of_any() -> String {
    "0190a8c2-0000-7000-8000-000000000000".into()
}

async fn an_admin_changes_the_configuration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ctx = signed_in(&app, "ada@example.com", true).await;
    let object = objects::create_object(
        &ctx,
        body(json!({"api_slug": "invoices", "singular_noun": "Invoice", "plural_noun": "Invoices"})),
    )
    .await;
    assert!(object.is_ok(), "{object:?}");
    let status = attributes::create_choice(
        &ctx,
        ChoiceKind::Status,
        Target::Objects,
        "deals",
        "stage",
        body(json!({"title": "Parked"})),
    )
    .await;
    assert!(status.is_ok(), "{status:?}");
    assert_eq!(app.get("/v2/objects/invoices").await.status, 200);

    // Keys: made with scopes, listed without their secret, revoked at once.
    let key = keys::create_key(&ctx, "Reader", &["record_permission:read".into(), "object_configuration:read".into()])
        .await
        .unwrap();
    let listed = keys::list_api_keys(&ctx).await.unwrap();
    let mine = listed.iter().find(|k| k.id == key.id).expect("the new key is listed");
    assert_eq!(mine.scopes, ["object_configuration:read", "record_permission:read"]);
    let reads = app.request_as(&key.token, reqwest::Method::GET, "/v2/objects/deals", None).await;
    assert_eq!(reads.status, 200, "{}", reads.body);
    keys::revoke_api_key(&ctx, &key.id.to_string()).await.unwrap();
    let after = app.request_as(&key.token, reqwest::Method::GET, "/v2/objects/deals", None).await;
    assert_eq!(after.status, 401, "{}", after.body);
    assert!(keys::list_api_keys(&ctx).await.unwrap().iter().any(|k| k.id == key.id && k.revoked_at.is_some()));
    let again = keys::revoke_api_key(&ctx, &key.id.to_string()).await;
    assert!(matches!(again, Err(ApiError::NotFound(_))), "{again:?}");
}
