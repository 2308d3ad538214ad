//! Table and column names of the catalog, for sea-query. Per-object record tables are named at
//! runtime (see `storage`).

use sea_query::Iden;

#[derive(Iden, Clone, Copy)]
pub enum Workspaces {
    Table,
    Id,
    Slug,
    Name,
    CatalogVersion,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Users {
    Table,
    Id,
    WorkspaceId,
    Email,
    FirstName,
    LastName,
    PasswordHash,
    AccessLevel,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Sessions {
    Table,
    TokenHash,
    UserId,
    WorkspaceId,
    ExpiresAt,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ApiKeys {
    Table,
    Id,
    WorkspaceId,
    Name,
    TokenHash,
    Scopes,
    CreatedAt,
    RevokedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Objects {
    Table,
    Id,
    WorkspaceId,
    ApiSlug,
    SingularNoun,
    PluralNoun,
    TableName,
    CreatedAt,
    IsStandard,
}

#[derive(Iden, Clone, Copy)]
pub enum Attributes {
    Table,
    Id,
    WorkspaceId,
    ParentId,
    ApiSlug,
    Title,
    Description,
    Type,
    IsSystem,
    IsWritable,
    IsRequired,
    IsUnique,
    IsMultiselect,
    IsArchived,
    DefaultValue,
    Config,
    ColumnName,
    ParentKind,
    Position,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum SelectOptions {
    Table,
    Id,
    WorkspaceId,
    AttributeId,
    Title,
    IsArchived,
    Position,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Statuses {
    Table,
    Id,
    WorkspaceId,
    AttributeId,
    Title,
    IsArchived,
    CelebrationEnabled,
    TargetTimeInStatus,
    Position,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum ValueHistory {
    Table,
    Id,
    WorkspaceId,
    ParentId,
    RecordId,
    AttributeId,
    Value,
    ActiveFrom,
    ActiveUntil,
}

#[derive(Iden, Clone, Copy)]
pub enum MultiValues {
    Table,
    RecordId,
    AttributeId,
    Ord,
    Key,
    Num,
    Value,
}

#[derive(Iden, Clone, Copy)]
pub enum UniqueValues {
    Table,
    AttributeId,
    Key,
    RecordId,
}

/// The fixed columns of every per-object record table; entry tables add the parent.
#[derive(Iden, Clone, Copy)]
pub enum RecordCols {
    RecordId,
    WorkspaceId,
    CreatedAt,
    CreatedBy,
    Doc,
    ParentRecordId,
    ParentObjectId,
}

#[derive(Iden, Clone, Copy)]
pub enum Lists {
    Table,
    Id,
    WorkspaceId,
    ApiSlug,
    Name,
    ParentObjectId,
    WorkspaceAccess,
    TableName,
    CreatedBy,
    CreatedAt,
}
