//! Select options and statuses: attribute-scoped, ordered, archivable choices.

use crate::catalog::parse_uuid;
use crate::db::Db;
use crate::error::Result;
use crate::schema::{Attributes, SelectOptions, Statuses};
use model::ids::{AttributeId, OptionId, StatusId, WorkspaceId};
use model::wire::{OptionIdent, ParentIdent, SelectOption, Status, StatusIdent};
use sea_query::{Expr, Order, Query};
use sqlx::Row;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceKind {
    Option,
    Status,
}

#[derive(Clone, Debug)]
pub struct ChoiceDef {
    pub id: Uuid,
    pub workspace_id: WorkspaceId,
    pub attribute_id: AttributeId,
    pub title: String,
    pub is_archived: bool,
    pub celebration_enabled: bool,
    pub target_time_in_status: Option<String>,
}

impl ChoiceDef {
    pub fn to_option(&self, parent: ParentIdent) -> SelectOption {
        SelectOption {
            id: OptionIdent {
                workspace_id: self.workspace_id,
                parent,
                attribute_id: self.attribute_id,
                option_id: OptionId(self.id),
            },
            title: self.title.clone(),
            is_archived: self.is_archived,
        }
    }

    pub fn to_status(&self, parent: ParentIdent) -> Status {
        Status {
            id: StatusIdent {
                workspace_id: self.workspace_id,
                parent,
                attribute_id: self.attribute_id,
                status_id: StatusId(self.id),
            },
            title: self.title.clone(),
            is_archived: self.is_archived,
            celebration_enabled: self.celebration_enabled,
            target_time_in_status: self.target_time_in_status.clone(),
        }
    }
}

/// All options or statuses of the attributes of one object or list, in order.
pub async fn choices_of_parent(db: &Db, kind: ChoiceKind, parent_id: Uuid) -> Result<Vec<ChoiceDef>> {
    let attrs = Query::select()
        .column(Attributes::Id)
        .from(Attributes::Table)
        .and_where(Expr::col(Attributes::ParentId).eq(parent_id.to_string()))
        .to_owned();
    let rows = match kind {
        ChoiceKind::Status => {
            let q = Query::select()
                .columns([
                    Statuses::Id,
                    Statuses::WorkspaceId,
                    Statuses::AttributeId,
                    Statuses::Title,
                    Statuses::IsArchived,
                    Statuses::CelebrationEnabled,
                    Statuses::TargetTimeInStatus,
                ])
                .from(Statuses::Table)
                .and_where(Expr::col(Statuses::AttributeId).in_subquery(attrs))
                .order_by(Statuses::AttributeId, Order::Asc)
                .order_by(Statuses::Position, Order::Asc)
                .to_owned();
            db.read_all(&q).await?
        }
        ChoiceKind::Option => {
            let q = Query::select()
                .columns([
                    SelectOptions::Id,
                    SelectOptions::WorkspaceId,
                    SelectOptions::AttributeId,
                    SelectOptions::Title,
                    SelectOptions::IsArchived,
                ])
                .from(SelectOptions::Table)
                .and_where(Expr::col(SelectOptions::AttributeId).in_subquery(attrs))
                .order_by(SelectOptions::AttributeId, Order::Asc)
                .order_by(SelectOptions::Position, Order::Asc)
                .to_owned();
            db.read_all(&q).await?
        }
    };
    rows.iter()
        .map(|row| {
            Ok(ChoiceDef {
                id: parse_uuid(row.try_get("id")?)?,
                workspace_id: WorkspaceId(parse_uuid(row.try_get("workspace_id")?)?),
                attribute_id: AttributeId(parse_uuid(row.try_get("attribute_id")?)?),
                title: row.try_get("title")?,
                is_archived: row.try_get::<i64, _>("is_archived")? != 0,
                celebration_enabled: match kind {
                    ChoiceKind::Status => row.try_get::<i64, _>("celebration_enabled")? != 0,
                    ChoiceKind::Option => false,
                },
                target_time_in_status: match kind {
                    ChoiceKind::Status => row.try_get("target_time_in_status")?,
                    ChoiceKind::Option => None,
                },
            })
        })
        .collect()
}
