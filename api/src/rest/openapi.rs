//! `GET /openapi.json`: this server's own OpenAPI 3.1 document.
//!
//! It is built once, from the table of the operations the router serves. Each operation's
//! parameters, request body and responses are taken from Attio's document: it is the contract
//! the test suite checks every response against, so reusing it keeps the two from drifting
//! apart. The table adds what is ours: operation ids, the scopes each operation checks, and
//! the errors of authentication, scopes and rate limits that Attio leaves out.

use crate::scopes::AREAS;
use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Router;
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, OperationBuilder, PathItem, PathsBuilder};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ArrayBuilder, ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, LicenseBuilder, ObjectBuilder, OpenApi,
    OpenApiBuilder, Ref, RefOr, Required, Schema, Type,
};

/// Attio's OpenAPI document, as vendored for the contract tests.
const ATTIO: &str = include_str!("../../tests/contract/openapi.json");

/// What Attio's current API changed and added since that document, as an overlay.
const ATTIO_CURRENT: &str = include_str!("../../tests/contract/attio-2026.json");

/// The operations that are ours alone (saved views), in the same form.
const OWN: &str = include_str!("own-operations.json");

/// The name of the security scheme every operation refers to.
const BEARER: &str = "bearer";

/// The document, serialised once on first request.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| document().to_json().expect("the OpenAPI document serialises"));

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", axum::routing::get(serve))
}

async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

/// One operation the router serves. Its summary, description and tag are Attio's.
struct Op {
    method: Method,
    /// As published: path parameters keep Attio's names, which clients generated from Attio's
    /// document already use.
    path: &'static str,
    id: &'static str,
    /// The scopes the operation checks; `None` where no token is needed.
    scopes: Option<&'static [&'static str]>,
    /// Writes record or entry values, so a value of a unique attribute may be taken (409).
    writes_values: bool,
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn key(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Put => "put",
            Self::Patch => "patch",
            Self::Delete => "delete",
        }
    }

    fn http(self) -> HttpMethod {
        match self {
            Self::Get => HttpMethod::Get,
            Self::Post => HttpMethod::Post,
            Self::Put => HttpMethod::Put,
            Self::Patch => HttpMethod::Patch,
            Self::Delete => HttpMethod::Delete,
        }
    }
}

impl Op {
    const fn new(method: Method, path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
        Op { method, path, id, scopes: Some(scopes), writes_values: false }
    }

    const fn writes_values(self) -> Op {
        Op { writes_values: true, ..self }
    }
}

const fn get(path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
    Op::new(Method::Get, path, id, scopes)
}

const fn post(path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
    Op::new(Method::Post, path, id, scopes)
}

const fn put(path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
    Op::new(Method::Put, path, id, scopes)
}

const fn patch(path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
    Op::new(Method::Patch, path, id, scopes)
}

const fn delete(path: &'static str, id: &'static str, scopes: &'static [&'static str]) -> Op {
    Op::new(Method::Delete, path, id, scopes)
}

const OC_R: &[&str] = &["object_configuration:read"];
const OC_RW: &[&str] = &["object_configuration:read-write"];
const REC_R: &[&str] = &["record_permission:read", "object_configuration:read"];
const REC_RW: &[&str] = &["record_permission:read-write", "object_configuration:read"];
const REC_ENTRIES_R: &[&str] = &["record_permission:read", "object_configuration:read", "list_entry:read"];
const LC_R: &[&str] = &["list_configuration:read"];
const LC_RW: &[&str] = &["list_configuration:read-write"];
const LE_R: &[&str] = &["list_entry:read", "list_configuration:read"];
const LE_RW: &[&str] = &["list_entry:read-write", "list_configuration:read"];
const UM_R: &[&str] = &["user_management:read"];
const NOTE_R: &[&str] = &["note:read", "object_configuration:read", "record_permission:read"];
const NOTE_RW: &[&str] = &["note:read-write", "object_configuration:read", "record_permission:read"];
const TASK_R: &[&str] = &["task:read", "object_configuration:read", "record_permission:read", "user_management:read"];
const TASK_RW: &[&str] =
    &["task:read-write", "object_configuration:read", "record_permission:read", "user_management:read"];
const COMMENT_R: &[&str] = &["comment:read"];
const COMMENT_RW: &[&str] = &["comment:read-write"];
const WEBHOOK_R: &[&str] = &["webhook:read"];
const WEBHOOK_RW: &[&str] = &["webhook:read-write"];

/// Every operation of the `/v2` router, in the order of the document.
const OPS: &[Op] = &[
    get("/v2/objects", "listObjects", OC_R),
    post("/v2/objects", "createObject", OC_RW),
    get("/v2/objects/{object}", "getObject", OC_R),
    patch("/v2/objects/{object}", "updateObject", OC_RW),
    delete(
        "/v2/objects/{object}",
        "deleteObject",
        &["object_configuration:read-write", "record_permission:read-write"],
    ),
    get("/v2/objects/{object}/views", "listObjectViews", OC_R),
    post("/v2/objects/{object}/views", "createObjectView", OC_RW),
    get("/v2/objects/{object}/views/{view}", "getObjectView", OC_R),
    patch("/v2/objects/{object}/views/{view}", "updateObjectView", OC_RW),
    delete("/v2/objects/{object}/views/{view}", "deleteObjectView", OC_RW),
    get("/v2/lists/{list}/views", "listListViews", LC_R),
    post("/v2/lists/{list}/views", "createListView", LC_RW),
    get("/v2/lists/{list}/views/{view}", "getListView", LC_R),
    patch("/v2/lists/{list}/views/{view}", "updateListView", LC_RW),
    delete("/v2/lists/{list}/views/{view}", "deleteListView", LC_RW),
    get("/v2/objects/{identifier}/attributes", "listObjectAttributes", OC_R),
    post("/v2/objects/{identifier}/attributes", "createObjectAttribute", OC_RW),
    get("/v2/objects/{identifier}/attributes/{attribute}", "getObjectAttribute", OC_R),
    patch("/v2/objects/{identifier}/attributes/{attribute}", "updateObjectAttribute", OC_RW),
    get("/v2/objects/{identifier}/attributes/{attribute}/options", "listObjectAttributeOptions", OC_R),
    post("/v2/objects/{identifier}/attributes/{attribute}/options", "createObjectAttributeOption", OC_RW),
    patch("/v2/objects/{identifier}/attributes/{attribute}/options/{option}", "updateObjectAttributeOption", OC_RW),
    get("/v2/objects/{identifier}/attributes/{attribute}/statuses", "listObjectAttributeStatuses", OC_R),
    post("/v2/objects/{identifier}/attributes/{attribute}/statuses", "createObjectAttributeStatus", OC_RW),
    patch("/v2/objects/{identifier}/attributes/{attribute}/statuses/{status}", "updateObjectAttributeStatus", OC_RW),
    // The attributes of lists take the object_configuration scopes too: that is what the service checks.
    get("/v2/lists/{identifier}/attributes", "listListAttributes", LC_R),
    post("/v2/lists/{identifier}/attributes", "createListAttribute", LC_RW),
    get("/v2/lists/{identifier}/attributes/{attribute}", "getListAttribute", LC_R),
    patch("/v2/lists/{identifier}/attributes/{attribute}", "updateListAttribute", LC_RW),
    get("/v2/lists/{identifier}/attributes/{attribute}/options", "listListAttributeOptions", LC_R),
    post("/v2/lists/{identifier}/attributes/{attribute}/options", "createListAttributeOption", LC_RW),
    patch("/v2/lists/{identifier}/attributes/{attribute}/options/{option}", "updateListAttributeOption", LC_RW),
    get("/v2/lists/{identifier}/attributes/{attribute}/statuses", "listListAttributeStatuses", LC_R),
    post("/v2/lists/{identifier}/attributes/{attribute}/statuses", "createListAttributeStatus", LC_RW),
    patch("/v2/lists/{identifier}/attributes/{attribute}/statuses/{status}", "updateListAttributeStatus", LC_RW),
    post("/v2/objects/{object}/records/query", "queryRecords", REC_R),
    post("/v2/objects/{object}/records/merge", "mergeRecords", REC_RW),
    post("/v2/objects/{object}/records/positions", "positionRecords", REC_RW),
    post("/v2/objects/{object}/records/count", "countRecords", REC_R),
    post("/v2/objects/{object}/records/aggregate", "aggregateRecords", REC_R),
    get("/v2/objects/{object}/records/{record_id}/referenced-by", "listReferencingRecords", REC_R),
    get("/v2/objects/{object}/records/{record_id}/timeline", "getRecordTimeline", REC_R),
    post("/v2/objects/{object}/records", "createRecord", REC_RW).writes_values(),
    put("/v2/objects/{object}/records", "assertRecord", REC_RW).writes_values(),
    get("/v2/objects/{object}/records/{record_id}", "getRecord", REC_R),
    patch("/v2/objects/{object}/records/{record_id}", "updateRecord", REC_RW).writes_values(),
    put("/v2/objects/{object}/records/{record_id}", "overwriteRecord", REC_RW).writes_values(),
    delete("/v2/objects/{object}/records/{record_id}", "deleteRecord", REC_RW),
    get("/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values", "listRecordAttributeValues", REC_R),
    put(
        "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values",
        "writeRecordAttributeHistory",
        REC_RW,
    )
    .writes_values(),
    get("/v2/objects/{object}/records/{record_id}/entries", "listRecordEntries", REC_ENTRIES_R),
    post("/v2/objects/records/search", "searchRecords", REC_R),
    get("/v2/lists", "listLists", LC_R),
    post("/v2/lists", "createList", LC_RW),
    get("/v2/lists/{list}", "getList", LC_R),
    patch("/v2/lists/{list}", "updateList", LC_RW),
    post("/v2/lists/{list}/entries/query", "queryEntries", LE_R),
    post("/v2/lists/{list}/entries/count", "countEntries", LE_R),
    post("/v2/lists/{list}/entries/aggregate", "aggregateEntries", LE_R),
    post("/v2/lists/{list}/entries/positions", "positionEntries", LE_RW),
    post("/v2/lists/{list}/entries", "createEntry", LE_RW).writes_values(),
    put("/v2/lists/{list}/entries", "assertEntry", LE_RW).writes_values(),
    get("/v2/lists/{list}/entries/{entry_id}", "getEntry", LE_R),
    patch("/v2/lists/{list}/entries/{entry_id}", "updateEntry", LE_RW).writes_values(),
    put("/v2/lists/{list}/entries/{entry_id}", "overwriteEntry", LE_RW).writes_values(),
    delete("/v2/lists/{list}/entries/{entry_id}", "deleteEntry", LE_RW),
    get("/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values", "listEntryAttributeValues", LE_R),
    put("/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values", "writeEntryAttributeHistory", LE_RW)
        .writes_values(),
    get("/v2/workspace_members", "listWorkspaceMembers", UM_R),
    get("/v2/workspace_members/{workspace_member_id}", "getWorkspaceMember", UM_R),
    get("/v2/notes", "listNotes", NOTE_R),
    post("/v2/notes", "createNote", NOTE_RW),
    get("/v2/notes/{note_id}", "getNote", NOTE_R),
    delete("/v2/notes/{note_id}", "deleteNote", &["note:read-write"]),
    get("/v2/tasks", "listTasks", TASK_R),
    post("/v2/tasks", "createTask", TASK_RW),
    get("/v2/tasks/{task_id}", "getTask", TASK_R),
    patch("/v2/tasks/{task_id}", "updateTask", TASK_RW),
    delete("/v2/tasks/{task_id}", "deleteTask", &["task:read-write"]),
    get("/v2/threads", "listThreads", COMMENT_R),
    get("/v2/threads/{thread_id}", "getThread", COMMENT_R),
    post("/v2/comments", "createComment", COMMENT_RW),
    get("/v2/comments/{comment_id}", "getComment", COMMENT_R),
    delete("/v2/comments/{comment_id}", "deleteComment", COMMENT_RW),
    get("/v2/webhooks", "listWebhooks", WEBHOOK_R),
    post("/v2/webhooks", "createWebhook", WEBHOOK_RW),
    get("/v2/webhooks/{webhook_id}", "getWebhook", WEBHOOK_R),
    patch("/v2/webhooks/{webhook_id}", "updateWebhook", WEBHOOK_RW),
    delete("/v2/webhooks/{webhook_id}", "deleteWebhook", WEBHOOK_RW),
    get("/v2/webhooks/{webhook_id}/deliveries", "listWebhookDeliveries", WEBHOOK_R),
    Op { method: Method::Get, path: "/v2/self", id: "getSelf", scopes: None, writes_values: false },
    // Any key may watch; what it is sent depends on its scopes.
    get("/v2/events", "streamEvents", &[]),
];

fn document() -> OpenApi {
    let mut attio: Node = serde_json::from_str(ATTIO).expect("Attio's OpenAPI document parses");
    for overlay in [ATTIO_CURRENT, OWN] {
        attio.merge(serde_json::from_str(overlay).expect("an overlay of Attio's document parses"));
    }
    attio.visit(&mut |node| {
        allow_documented_nulls(node);
        unlink_descriptions(node);
    });

    let mut paths = PathsBuilder::new();
    let mut tags: Vec<String> = Vec::new();
    for op in OPS {
        let operation = match attio_operation(&attio, op) {
            Some(source) => from_attio(op, source),
            None if op.id == "listWebhookDeliveries" => deliveries(op),
            None => panic!("{} {}: Attio's document has no such operation to follow", op.method.key(), op.path),
        };
        for tag in operation.tags.iter().flatten() {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        paths = paths.path(op.path, PathItem::new(op.method.http(), operation));
    }
    let paths = paths.build();

    // The component schemas the operations refer to, directly or through other schemas.
    let schemas = attio.get("components").and_then(|c| c.get("schemas")).expect("Attio's component schemas");
    let mut needed = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    refs(&serde_json::to_value(&paths).expect("paths serialise"), &mut pending);
    while let Some(name) = pending.pop() {
        if let Some(schema) = schemas.get(&name) {
            if needed.insert(name) {
                refs(&serde_json::to_value(schema).expect("schema serialises"), &mut pending);
            }
        }
    }
    let mut components = ComponentsBuilder::new();
    for name in &needed {
        let schema: RefOr<Schema> = schemas.get(name).expect("a needed schema").convert();
        components = components.schema(name.as_str(), schema);
    }
    for (name, description) in ERRORS {
        components = components.response(name, error_response(description).build());
    }
    let components = components
        .schema("error", error_schema())
        .schema("webhook-delivery", delivery_schema())
        .response("TooManyRequests", rate_limited_response())
        .security_scheme(BEARER, bearer_scheme())
        .build();

    let attio_tags = attio.get("tags").expect("Attio's tags");
    let tags = tags.into_iter().map(|name| {
        let description = attio_tags
            .items()
            .iter()
            .find(|t| t.get("name").and_then(Node::as_str) == Some(name.as_str()))
            .and_then(|t| t.get("description"))
            .and_then(Node::as_str);
        TagBuilder::new().name(name).description(description).build()
    });

    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("CRM API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The REST API of this CRM. It follows Attio's v2 REST API: the same paths, request and \
                     response bodies, error codes and scopes, so clients written for Attio work against it. \
                     Authenticate with an API key of the workspace, sent as `Authorization: Bearer <key>`.",
                ))
                .license(Some(LicenseBuilder::new().name("AGPL-3.0-only").identifier(Some("AGPL-3.0-only")).build())),
        )
        .paths(paths)
        .components(Some(components))
        .tags(Some(tags))
        .build()
}

/// Attio's operation whose path template matches `op.path`, preferring literal segments.
fn attio_operation<'a>(attio: &'a Node, op: &Op) -> Option<&'a Node> {
    let segments: Vec<&str> = op.path.split('/').collect();
    attio
        .get("paths")?
        .entries()
        .iter()
        .filter_map(|(template, item)| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (t, s) in parts.iter().zip(&segments) {
                if t.starts_with('{') {
                    continue;
                }
                if t != s {
                    return None;
                }
                literal += 1;
            }
            Some((literal, item.get(op.method.key())?))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, operation)| operation)
}

fn from_attio(op: &Op, source: &Node) -> Operation {
    let mut attio: Operation = source.convert();
    // `{target}` is fixed by the published path.
    let parameters = attio.parameters.take().map(|ps| {
        ps.into_iter().filter(|p| op.path.contains(&format!("{{{}}}", p.name)) || !is_path(p)).collect::<Vec<_>>()
    });
    let description = attio.description.take().map(|d| with_scopes(&d, op));
    let has_body = attio.request_body.is_some();
    let has_query = parameters.iter().flatten().any(|p| !is_path(p));
    let mut responses = std::mem::take(&mut attio.responses);
    // Attio's 403 (`billing_error`) is not one this server answers; its own 403 replaces it.
    responses.responses.remove("403");
    let mut add = |status: &str, name: &str| {
        responses.responses.entry(status.into()).or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    };
    if has_body || has_query {
        add("400", "BadRequest");
    }
    if op.path.contains('{') {
        add("404", "NotFound");
    }
    if op.writes_values {
        add("409", "Conflict");
    }
    let mut builder = OperationBuilder::from(attio)
        .operation_id(Some(op.id))
        .description(description)
        .parameters(parameters)
        .responses(responses);
    builder = secured(builder, op);
    builder.build()
}

fn is_path(p: &utoipa::openapi::path::Parameter) -> bool {
    matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path)
}

/// The scopes, the 401, 403 and 429 every authenticated operation may answer.
fn secured(builder: OperationBuilder, op: &Op) -> OperationBuilder {
    match op.scopes {
        Some(scopes) => builder
            .securities(Some([SecurityRequirement::new(BEARER, scopes.iter().copied())]))
            .response("401", RefOr::Ref(Ref::from_response_name("Unauthorized")))
            .response("403", RefOr::Ref(Ref::from_response_name("Forbidden")))
            .response("429", RefOr::Ref(Ref::from_response_name("TooManyRequests"))),
        // The token is optional: without one, or with an invalid one, the answer is `{active: false}`.
        None => builder
            .securities(Some([SecurityRequirement::default(), SecurityRequirement::new(BEARER, Vec::<String>::new())])),
    }
}

/// Attio's description with its sentences about scopes replaced by the scopes this server checks.
fn with_scopes(description: &str, op: &Op) -> String {
    let mut paragraphs: Vec<String> =
        description.split("\n\n").filter(|p| !p.contains("scope")).map(str::to_owned).collect();
    if let Some(scopes) = op.scopes {
        let list = scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        paragraphs.push(format!("Required scopes: {list}."));
    }
    paragraphs.join("\n\n")
}

/// `GET /v2/webhooks/{webhook_id}/deliveries`, which Attio does not have.
fn deliveries(op: &Op) -> Operation {
    let parameter = utoipa::openapi::path::ParameterBuilder::new()
        .name("webhook_id")
        .parameter_in(utoipa::openapi::path::ParameterIn::Path)
        .required(Required::True)
        .description(Some("A UUID which identifies the webhook."))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).format(Some(uuid_format()))));
    let ok = ResponseBuilder::new().description("Success").content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(
                ObjectBuilder::new()
                    .property("data", ArrayBuilder::new().items(Ref::from_schema_name("webhook-delivery")))
                    .required("data"),
            ))
            .build(),
    );
    let builder = OperationBuilder::new()
        .operation_id(Some(op.id))
        .tag("Webhooks")
        .summary(Some("List a webhook's deliveries"))
        .description(Some(with_scopes(
            "The webhook's 100 most recent deliveries, newest first, with their state and attempts so far. \
             Not part of Attio's API: it is the log the webhook settings page shows.",
            op,
        )))
        .parameter(parameter)
        .response("200", ok.build())
        .response("404", RefOr::Ref(Ref::from_response_name("NotFound")));
    secured(builder, op).build()
}

fn uuid_format() -> utoipa::openapi::SchemaFormat {
    // utoipa names this format only with its `uuid` feature, which brings the uuid crate's schemas.
    utoipa::openapi::SchemaFormat::Custom("uuid".into())
}

fn date_time_format() -> utoipa::openapi::SchemaFormat {
    utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::DateTime)
}

fn delivery_schema() -> Schema {
    let string = |description: &str| ObjectBuilder::new().schema_type(Type::String).description(Some(description));
    ObjectBuilder::new()
        .description(Some("One event sent, or to be sent, to a webhook's target URL."))
        .property("id", string("The delivery's ID.").format(Some(uuid_format())))
        .property("event_type", string("The type of the event delivered, such as `record.created`."))
        .property(
            "state",
            string("`pending` until delivered or given up on after the last retry.").enum_values(Some([
                "pending",
                "delivered",
                "failed",
            ])),
        )
        .property(
            "attempts",
            ObjectBuilder::new().schema_type(Type::Integer).description(Some("Attempts made so far.")),
        )
        .property(
            "next_attempt_at",
            string("When the next attempt is due, while pending.").format(Some(date_time_format())),
        )
        .property("created_at", string("When the event happened.").format(Some(date_time_format())))
        .required("id")
        .required("event_type")
        .required("state")
        .required("attempts")
        .required("next_attempt_at")
        .required("created_at")
        .into()
}

/// The errors, besides those Attio documents, that operations may answer: responses that
/// operations refer to by name.
const ERRORS: [(&str, &str); 5] = [
    (
        "BadRequest",
        "Bad Request: a malformed body or query string, or a value that fails validation. `code` says which \
         (`validation_type`, `filter_error`, `missing_value`, `value_not_found`...).",
    ),
    (
        "Unauthorized",
        "Unauthorized: no `Authorization: Bearer` header, or a token that is unknown, revoked or expired \
         (type `auth_error`, code `unauthorized`).",
    ),
    ("Forbidden", "Forbidden: the token lacks a scope this operation requires (type `auth_error`, code `forbidden`)."),
    ("NotFound", "Not Found: a resource named in the path does not exist (`not_found`)."),
    ("Conflict", "Conflict: another record already has this value of a unique attribute (`uniqueness_violation`)."),
];

/// The body of every error: `model::ErrorBody`.
fn error_schema() -> Schema {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    ObjectBuilder::new()
        .description(Some("An error, as Attio reports them."))
        .property(
            "status_code",
            ObjectBuilder::new().schema_type(Type::Integer).description(Some("The HTTP status code.")),
        )
        .property(
            "type",
            string().enum_values(Some([
                "invalid_request_error",
                "auth_error",
                "rate_limit_error",
                "internal_server_error",
            ])),
        )
        .property("code", string().description(Some("What went wrong, such as `not_found` or `validation_type`.")))
        .property("message", string().description(Some("A human-readable explanation.")))
        .required("status_code")
        .required("type")
        .required("code")
        .required("message")
        .into()
}

fn error_response(description: &str) -> ResponseBuilder {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("error"))).build())
}

fn rate_limited_response() -> Response {
    error_response(
        "Too Many Requests: the token exceeded its rate of reads or writes (type `rate_limit_error`, code \
         `rate_limit_exceeded`).",
    )
    .header(
        "Retry-After",
        HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some("Seconds to wait before retrying."))
            .build(),
    )
    .build()
}

fn bearer_scheme() -> SecurityScheme {
    let areas = AREAS.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    SecurityScheme::Http(
        HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(format!(
                "An API key of the workspace. A key carries scopes named as Attio's, `<area>:read` or \
                 `<area>:read-write` (which implies read), for the areas {areas}. Each operation lists the \
                 scopes it requires and answers 403 without them."
            )))
            .build(),
    )
}

/// Collects the names of the component schemas `value` refers to.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if let Some(name) = r.strip_prefix("#/components/schemas/") {
                    out.push(name.to_owned());
                }
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Attio's document mixes OpenAPI 3.0 into 3.1: some schemas say `"nullable": true`, which 3.1
/// no longer has, others list `"null"` among the types but leave it out of their `enum`. Both
/// mean that null is allowed, so both are made to say so in 3.1 terms.
fn allow_documented_nulls(node: &mut Node) {
    let Node::Object(entries) = node else { return };
    let nullable = entries.iter().any(|(k, v)| k == "nullable" && matches!(v, Node::Scalar(Value::Bool(true))));
    entries.retain(|(k, _)| k != "nullable");
    let mut null_type = nullable;
    for (key, value) in entries.iter_mut() {
        if key != "type" {
            continue;
        }
        match value {
            Node::Scalar(Value::String(t)) if nullable => {
                *value = Node::Array(vec![Node::Scalar(Value::String(t.clone())), Node::Scalar(json!("null"))]);
            }
            Node::Array(types) => {
                null_type |= types.iter().any(|t| matches!(t, Node::Scalar(Value::String(s)) if s == "null"))
            }
            _ => {}
        }
    }
    if null_type {
        for (key, value) in entries.iter_mut() {
            if let (true, Node::Array(values)) = (key == "enum", value) {
                if !values.iter().any(|v| matches!(v, Node::Scalar(Value::Null))) {
                    values.push(Node::Scalar(Value::Null));
                }
            }
        }
    }
}

/// Attio's descriptions link to pages of Attio's site by relative URL, which on this origin
/// lead nowhere: the link text stays, the target goes.
fn unlink_descriptions(node: &mut Node) {
    let Node::Object(entries) = node else { return };
    for (key, value) in entries.iter_mut() {
        if let (true, Node::Scalar(Value::String(text))) = (key == "description", value) {
            *text = unlink(text);
        }
    }
}

fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](/") {
        let (Some(open), Some(close)) = (rest[..at].rfind('['), rest[at..].find(')')) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..at]);
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// JSON that keeps the order of object keys, so that properties read in the order Attio
/// wrote them (`serde_json::Value` sorts them, and turning on its `preserve_order` would
/// change every JSON body the server sends).
#[derive(Clone)]
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Scalar(Value),
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    fn items(&self) -> &[Node] {
        match self {
            Node::Array(items) => items,
            _ => &[],
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Lays `overlay` over this node: objects are merged key by key, anything else replaced.
    fn merge(&mut self, overlay: Node) {
        match (self, overlay) {
            (Node::Object(entries), Node::Object(more)) => {
                for (key, value) in more {
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, existing)) => existing.merge(value),
                        None => entries.push((key, value)),
                    }
                }
            }
            (this, other) => *this = other,
        }
    }

    /// Calls `f` on this node and every node inside it.
    fn visit(&mut self, f: &mut impl FnMut(&mut Node)) {
        f(self);
        match self {
            Node::Object(entries) => entries.iter_mut().for_each(|(_, v)| v.visit(f)),
            Node::Array(items) => items.iter_mut().for_each(|v| v.visit(f)),
            Node::Scalar(_) => {}
        }
    }

    /// The node as one of utoipa's types.
    fn convert<T: DeserializeOwned>(&self) -> T {
        let text = serde_json::to_string(self).expect("JSON serialises");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("Attio's document does not fit utoipa's types: {e}"))
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Node::Scalar(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(json!(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(json!(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(json!(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(json!(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Scalar(Value::String(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Scalar(Value::String(v)))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Value::Null))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Node::Array(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    entries.push((k, v));
                }
                Ok(Node::Object(entries))
            }
        }

        deserializer.deserialize_any(NodeVisitor)
    }
}
