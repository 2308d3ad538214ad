//! The standard objects a new workspace starts with, with Attio's default attributes.

use crate::attributes::{insert_attribute, insert_choice, AttributeSpec};
use crate::catalog::{AttributeDef, ObjectDef, StoredConfig};
use crate::choices::ChoiceKind;
use crate::db::Db;
use crate::error::Result;
use crate::objects::insert_object;
use crate::schema::{Attributes, Objects};
use crate::slug::Slug;
use model::ids::{ObjectId, WorkspaceId};
use model::AttributeType as T;
use sea_query::{Expr, Query};
use sqlx::AnyConnection;

pub const DEAL_STAGES: [&str; 4] = ["Lead", "In Progress", "Won", "Lost"];

struct Ref {
    target: usize,
    multi: bool,
}

/// Seeds people, companies and deals, with the relationships between them kept as inverse
/// attribute pairs.
pub async fn standard_objects(db: &Db, conn: &mut AnyConnection, ws: WorkspaceId) -> Result<()> {
    let people = insert_object(db, conn, ws, &Slug::parse("people")?, "Person", "People").await?;
    let companies = insert_object(db, conn, ws, &Slug::parse("companies")?, "Company", "Companies").await?;
    let deals = insert_object(db, conn, ws, &Slug::parse("deals")?, "Deal", "Deals").await?;
    let objects = [&people, &companies, &deals];
    let standard = Query::update()
        .table(Objects::Table)
        .value(Objects::IsStandard, 1)
        .and_where(Expr::col(Objects::Id).is_in(objects.map(|o| o.id.to_string())))
        .to_owned();
    db.execute(&mut *conn, &standard).await?;
    let (p, c, d) = (0, 1, 2);

    let mut add = async |object: &ObjectDef,
                         slug: &str,
                         title: &str,
                         kind: T,
                         f: &dyn Fn(&mut AttributeSpec)|
           -> Result<AttributeDef> {
        let mut spec = AttributeSpec::new(slug, title, kind);
        f(&mut spec);
        insert_attribute(db, conn, ws, object, spec).await
    };
    let multi = |s: &mut AttributeSpec| s.is_multiselect = true;
    let unique_multi = |s: &mut AttributeSpec| {
        s.is_multiselect = true;
        s.is_unique = true;
    };
    let none = |_: &mut AttributeSpec| {};
    let reference = |r: Ref| {
        let allowed = Some(vec![objects[r.target].id]);
        move |s: &mut AttributeSpec| {
            s.is_multiselect = r.multi;
            s.config.wire.record_reference.allowed_object_ids = allowed.clone();
        }
    };

    // People
    add(&people, "name", "Name", T::PersonalName, &none).await?;
    add(&people, "email_addresses", "Email addresses", T::EmailAddress, &unique_multi).await?;
    add(&people, "phone_numbers", "Phone numbers", T::PhoneNumber, &multi).await?;
    let person_company =
        add(&people, "company", "Company", T::RecordReference, &reference(Ref { target: c, multi: false })).await?;
    add(&people, "job_title", "Job title", T::Text, &none).await?;
    add(&people, "description", "Description", T::Text, &none).await?;
    add(&people, "primary_location", "Primary location", T::Location, &none).await?;
    for (slug, title) in [
        ("linkedin", "LinkedIn"),
        ("twitter", "Twitter"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("angellist", "AngelList"),
    ] {
        add(&people, slug, title, T::Text, &none).await?;
    }
    let person_deals = add(
        &people,
        "associated_deals",
        "Associated deals",
        T::RecordReference,
        &reference(Ref { target: d, multi: true }),
    )
    .await?;

    // Companies
    add(&companies, "name", "Name", T::Text, &none).await?;
    add(&companies, "domains", "Domains", T::Domain, &unique_multi).await?;
    add(&companies, "description", "Description", T::Text, &none).await?;
    let team = add(&companies, "team", "Team", T::RecordReference, &reference(Ref { target: p, multi: true })).await?;
    let categories = add(&companies, "categories", "Categories", T::Select, &multi).await?;
    add(&companies, "primary_location", "Primary location", T::Location, &none).await?;
    for (slug, title) in [
        ("linkedin", "LinkedIn"),
        ("twitter", "Twitter"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("angellist", "AngelList"),
    ] {
        add(&companies, slug, title, T::Text, &none).await?;
    }
    let company_deals = add(
        &companies,
        "associated_deals",
        "Associated deals",
        T::RecordReference,
        &reference(Ref { target: d, multi: true }),
    )
    .await?;

    // Deals
    add(&deals, "name", "Deal name", T::Text, &|s: &mut AttributeSpec| s.is_required = true).await?;
    let stage = add(&deals, "stage", "Deal stage", T::Status, &|s: &mut AttributeSpec| s.is_required = true).await?;
    add(&deals, "owner", "Deal owner", T::ActorReference, &none).await?;
    add(&deals, "value", "Deal value", T::Currency, &|s: &mut AttributeSpec| {
        s.config.wire.currency.default_currency_code = Some("USD".into());
        s.config.wire.currency.display_type = Some("symbol".into());
    })
    .await?;
    let deal_people = add(
        &deals,
        "associated_people",
        "Associated people",
        T::RecordReference,
        &reference(Ref { target: p, multi: true }),
    )
    .await?;
    let deal_company = add(
        &deals,
        "associated_company",
        "Associated company",
        T::RecordReference,
        &reference(Ref { target: c, multi: false }),
    )
    .await?;

    for title in DEAL_STAGES {
        insert_choice(db, conn, ChoiceKind::Status, ws, stage.id, title).await?;
    }
    for title in ["B2B", "B2C", "SaaS", "E-commerce", "Enterprise", "Marketplace"] {
        insert_choice(db, conn, ChoiceKind::Option, ws, categories.id, title).await?;
    }
    for (a, b) in [(&person_company, &team), (&person_deals, &deal_people), (&company_deals, &deal_company)] {
        link_inverse(db, conn, a, b).await?;
        link_inverse(db, conn, b, a).await?;
    }
    Ok(())
}

async fn link_inverse(db: &Db, conn: &mut AnyConnection, attr: &AttributeDef, inverse: &AttributeDef) -> Result<()> {
    let config = StoredConfig {
        wire: attr.config.wire.clone(),
        inverse_attribute_id: Some(inverse.id),
        inverse_object_id: Some(ObjectId(inverse.parent_id)),
    };
    let q = Query::update()
        .table(Attributes::Table)
        .value(Attributes::Config, serde_json::to_string(&config).map_err(anyhow::Error::from)?)
        .and_where(Expr::col(Attributes::Id).eq(attr.id.0.to_string()))
        .to_owned();
    db.execute(conn, &q).await?;
    Ok(())
}
