use super::{data, empty, Auth, Body, Params, Wrapped};
use crate::error::Result;
use crate::notes::{self, NewNote, NoteFilter};
use crate::state::AppState;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/v2/notes", get(list).post(create)).route("/v2/notes/{note}", get(show).delete(delete))
}

async fn list(Auth(ctx): Auth, Params(filter): Params<NoteFilter>) -> Result<impl IntoResponse> {
    Ok(data(notes::list_notes(&ctx, filter).await?))
}

async fn create(Auth(ctx): Auth, Body(b): Body<Wrapped<NewNote>>) -> Result<impl IntoResponse> {
    Ok(data(notes::create_note(&ctx, b.data).await?))
}

async fn show(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    Ok(data(notes::get_note(&ctx, &id).await?))
}

async fn delete(Auth(ctx): Auth, Path(id): Path<String>) -> Result<impl IntoResponse> {
    notes::delete_note(&ctx, &id).await?;
    Ok(empty())
}
