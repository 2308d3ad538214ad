use crate::backend_tests;
use crate::common::{assert_error, Backend, TestApp};
use serde_json::json;

backend_tests!(notes_attach_to_records, tasks_track_work, comment_threads, members_are_listed);

async fn notes_attach_to_records(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "Noted", "stage": "Lead"})).await;
    let other = app.create("deals", json!({"name": "Other", "stage": "Lead"})).await;
    let r = app
        .post(
            "/v2/notes",
            json!({"data": {"parent_object": "deals", "parent_record_id": deal, "title": "Kick-off", "format": "markdown", "content": "# Agenda\n\n- **Budget**"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let note = &r.body["data"];
    assert_eq!(note["parent_object"], "deals");
    assert_eq!(note["content_markdown"], "# Agenda\n\n- **Budget**");
    assert_eq!(note["content_plaintext"], "Agenda\nBudget");
    assert_eq!(note["created_by_actor"]["type"], "api-token");
    let id = note["id"]["note_id"].as_str().unwrap().to_owned();
    app.post("/v2/notes", json!({"data": {"parent_object": "deals", "parent_record_id": other, "title": "Other", "format": "plaintext", "content": "x"}}))
        .await;

    let r = app.get(&format!("/v2/notes?parent_object=deals&parent_record_id={deal}")).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/v2/notes").await.body["data"].as_array().unwrap().len(), 2);
    assert_eq!(app.get(&format!("/v2/notes/{id}")).await.body["data"]["title"], "Kick-off");
    assert_error(&app.get("/v2/notes?limit=51").await, 400, "validation_type");
    let missing = json!({"data": {"parent_object": "deals", "parent_record_id": "0190f5c2-0000-7000-8000-000000000000", "title": "x", "format": "plaintext", "content": "x"}});
    assert_error(&app.post("/v2/notes", missing).await, 404, "not_found");
    assert_eq!(app.delete(&format!("/v2/notes/{id}")).await.body, json!({}));
    assert_error(&app.get(&format!("/v2/notes/{id}")).await, 404, "not_found");
    // A write just before must not make a second delete look like it found the note.
    assert_error(&app.delete(&format!("/v2/notes/{id}")).await, 404, "not_found");
}

async fn tasks_track_work(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let deal = app.create("deals", json!({"name": "Follow up", "stage": "Lead"})).await;
    let r = app
        .post(
            "/v2/tasks",
            json!({"data": {"content": "Send proposal", "format": "plaintext", "deadline_at": "2030-01-31T17:00:00Z", "is_completed": false,
                "linked_records": [{"target_object": "deals", "target_record_id": deal}],
                "assignees": [{"workspace_member_email_address": "ada@acme.test"}]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let task = r.body["data"].clone();
    let id = task["id"]["task_id"].as_str().unwrap().to_owned();
    assert_eq!(task["content_plaintext"], "Send proposal");
    assert_eq!(task["deadline_at"], "2030-01-31T17:00:00.000000000Z");
    assert_eq!(task["linked_records"][0]["target_record_id"], deal.as_str());
    assert_eq!(task["assignees"][0]["referenced_actor_type"], "workspace-member");
    app.post("/v2/tasks", json!({"data": {"content": "Unrelated", "format": "plaintext", "deadline_at": null, "is_completed": true, "linked_records": [], "assignees": []}}))
        .await;

    let r = app.get(&format!("/v2/tasks?linked_object=deals&linked_record_id={deal}")).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1, "{}", r.body);
    assert_eq!(app.get("/v2/tasks?is_completed=true").await.body["data"][0]["content_plaintext"], "Unrelated");
    assert_eq!(app.get("/v2/tasks?assignee=ada@acme.test").await.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/v2/tasks?sort=created_at:desc").await.body["data"][0]["content_plaintext"], "Unrelated");

    let r = app.patch(&format!("/v2/tasks/{id}"), json!({"data": {"is_completed": true, "deadline_at": null}})).await;
    assert_eq!(r.body["data"]["is_completed"], true, "{}", r.body);
    assert_eq!(r.body["data"]["deadline_at"], serde_json::Value::Null);
    assert_error(
        &app.patch(&format!("/v2/tasks/{id}"), json!({"data": {"content": "changed"}})).await,
        400,
        "validation_type",
    );
    let bad = json!({"data": {"content": "x", "format": "plaintext", "deadline_at": "soon", "is_completed": false, "linked_records": [], "assignees": []}});
    assert_error(&app.post("/v2/tasks", bad).await, 400, "validation_type");
    assert_eq!(app.delete(&format!("/v2/tasks/{id}")).await.status, 200);
    assert_error(&app.get(&format!("/v2/tasks/{id}")).await, 404, "not_found");
}

async fn comment_threads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.get("/v2/workspace_members").await.body["data"][0]["id"]["workspace_member_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let author = json!({"type": "workspace-member", "id": member});
    let deal = app.create("deals", json!({"name": "Discussed", "stage": "Lead"})).await;
    let r = app
        .post("/v2/comments", json!({"data": {"format": "plaintext", "content": "First", "author": author, "record": {"object": "deals", "record_id": deal}}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let thread = r.body["data"]["thread_id"].as_str().unwrap().to_owned();
    let head = r.body["data"]["id"]["comment_id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            "/v2/comments",
            json!({"data": {"format": "plaintext", "content": "Reply", "author": author, "thread_id": thread}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let reply = r.body["data"]["id"]["comment_id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["data"]["record"]["record_id"], deal.as_str());

    let r = app.get(&format!("/v2/threads?object=deals&record_id={deal}")).await;
    let threads = r.body["data"].as_array().unwrap();
    assert_eq!(threads.len(), 1);
    let texts: Vec<&str> =
        threads[0]["comments"].as_array().unwrap().iter().map(|c| c["content_plaintext"].as_str().unwrap()).collect();
    assert_eq!(texts, ["First", "Reply"]);
    assert_eq!(app.get(&format!("/v2/threads/{thread}")).await.body["data"]["comments"].as_array().unwrap().len(), 2);

    let both = json!({"data": {"format": "plaintext", "content": "x", "author": author, "thread_id": thread, "record": {"object": "deals", "record_id": deal}}});
    assert_error(&app.post("/v2/comments", both).await, 400, "value_not_found");
    app.delete(&format!("/v2/comments/{reply}")).await;
    assert_eq!(app.get(&format!("/v2/threads/{thread}")).await.body["data"]["comments"].as_array().unwrap().len(), 1);
    app.delete(&format!("/v2/comments/{head}")).await;
    assert_error(&app.get(&format!("/v2/threads/{thread}")).await, 404, "not_found");
}

async fn members_are_listed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let r = app.get("/v2/workspace_members").await;
    let m = &r.body["data"][0];
    assert_eq!(m["email_address"], "ada@acme.test");
    assert_eq!(m["access_level"], "admin");
    let id = m["id"]["workspace_member_id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/v2/workspace_members/{id}")).await.body["data"]["first_name"], "Ada");
    assert_error(&app.get("/v2/workspace_members/0190f5c2-0000-7000-8000-000000000000").await, 404, "not_found");
}
