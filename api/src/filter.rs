//! Attio's query language compiled to SQL over the per-object tables.
//!
//! Grammar: shorthand `{"slug": value}` (an `$eq` on the attribute's primary property),
//! verbose `{"slug": {"$op": v}}` or `{"slug": {"property": {"$op": v} | v}}`, the logical
//! `$and`, `$or`, `$not` nested to any depth, and path filters
//! `{"path": [[object, attribute], ...], "constraints": {...}}` that follow
//! record-reference attributes across objects. Anything the compiler cannot satisfy is a
//! 400 `filter_error` naming the problem.

use crate::catalog::{AttributeDef, ObjectSchema};
use crate::db::Backend;
use crate::error::{ApiError, Result};
use crate::indexes::IndexSpec;
use crate::schema::MultiValues;
use crate::storage::ColumnKind;
use crate::values::{self, parse_date, parse_timestamp, primary_field};
use model::query::{Direction, Sort};
use model::AttributeType;
use sea_query::{Alias, Cond, Condition, Expr, Func, LikeExpr, NullOrdering, Order, Query, SimpleExpr};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// The schemas a query may touch: the queried object and every object a path reaches.
pub struct Schemas {
    pub root: Arc<ObjectSchema>,
    pub others: HashMap<String, Arc<ObjectSchema>>,
}

impl Schemas {
    fn get(&self, name: &str) -> Option<&ObjectSchema> {
        if name == self.root.object.api_slug || name == self.root.object.id.0.to_string() {
            return Some(&self.root);
        }
        self.others.values().map(|s| &**s).find(|s| s.object.api_slug == name || s.object.id.0.to_string() == name)
    }
}

/// Object names that path filters and path sorts mention, so the caller can load them first.
pub fn referenced_objects(filter: Option<&Value>, sorts: &[Sort]) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(path)) = m.get("path") {
                    for step in path {
                        if let Some(obj) = step.get(0).and_then(Value::as_str) {
                            out.push(obj.to_owned());
                        }
                    }
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    if let Some(f) = filter {
        walk(f, &mut out);
    }
    for s in sorts {
        for (obj, _) in s.path.iter().flatten() {
            out.push(obj.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

pub struct Compiler<'a> {
    pub schemas: &'a Schemas,
    pub backend: Backend,
    depth: usize,
    /// Value columns the filter compares in a way an index can serve.
    compared: RefCell<Vec<Compared>>,
}

/// A value column a condition compares by equality or range.
struct Compared {
    table: String,
    column: String,
    /// A status of the queried object asked for by id or title: the first column of a
    /// pipeline index.
    root_status: bool,
}

const ROOT: &str = "t";
/// Guards against filters built to exhaust the server.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    In,
    NotEmpty,
    Contains,
    StartsWith,
    EndsWith,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Op {
    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "$eq" => Self::Eq,
            "$in" => Self::In,
            "$not_empty" => Self::NotEmpty,
            "$contains" => Self::Contains,
            "$starts_with" => Self::StartsWith,
            "$ends_with" => Self::EndsWith,
            "$lt" => Self::Lt,
            "$lte" => Self::Lte,
            "$gt" => Self::Gt,
            "$gte" => Self::Gte,
            other => return Err(ApiError::filter(format!("Unknown filter operator \"{other}\"."))),
        })
    }
}

/// Where a property's value lives in SQL.
enum Target {
    /// A column (or JSON extraction) of the record row itself.
    Row(SimpleExpr),
    /// Rows of `multi_values`: the condition is an EXISTS over them.
    Multi { alias: String, record: SimpleExpr, attribute_id: String, inner: SimpleExpr },
}

impl<'a> Compiler<'a> {
    pub fn new(schemas: &'a Schemas, backend: Backend) -> Self {
        Self { schemas, backend, depth: 0, compared: RefCell::new(Vec::new()) }
    }

    pub fn compile(&mut self, filter: &Value) -> Result<Condition> {
        let root = &self.schemas.root;
        self.compile_in(root, ROOT, filter)
    }

    fn compile_in(&mut self, schema: &ObjectSchema, alias: &str, filter: &Value) -> Result<Condition> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ApiError::filter("The filter is nested too deeply."));
        }
        let m = filter.as_object().ok_or_else(|| ApiError::filter("A filter must be a JSON object."))?;
        let mut all = Cond::all();
        if m.contains_key("path") {
            all = all.add(self.path(alias, m)?);
        } else {
            for (key, v) in m {
                let c = match key.as_str() {
                    "$and" | "$or" => {
                        let items = v
                            .as_array()
                            .ok_or_else(|| ApiError::filter(format!("\"{key}\" takes an array of filters.")))?;
                        let mut c = if key == "$and" { Cond::all() } else { Cond::any() };
                        if items.is_empty() && key == "$or" {
                            c = c.add(Expr::val(1).eq(0));
                        }
                        for item in items {
                            c = c.add(self.compile_in(schema, alias, item)?);
                        }
                        c
                    }
                    "$not" => self.compile_in(schema, alias, v)?.not(),
                    name if name.starts_with('$') => {
                        return Err(ApiError::filter(format!("Unknown logical operator \"{name}\".")))
                    }
                    name => {
                        let attribute = schema.attribute(name).map_err(|_| {
                            ApiError::filter(format!("Unknown attribute \"{name}\" on \"{}\".", schema.object.api_slug))
                        })?;
                        self.attribute(schema, alias, attribute, v)?
                    }
                };
                all = all.add(c);
            }
        }
        self.depth -= 1;
        Ok(all)
    }

    fn attribute(&self, schema: &ObjectSchema, alias: &str, attr: &AttributeDef, v: &Value) -> Result<Condition> {
        let props = values::properties(attr.kind);
        let mut all = Cond::all();
        match v {
            Value::Object(m) if !m.is_empty() && m.keys().all(|k| k.starts_with('$')) => {
                for (op, operand) in m {
                    all = all.add(self.condition(schema, alias, attr, None, Op::parse(op)?, operand)?);
                }
            }
            Value::Object(m) if !m.is_empty() && m.keys().all(|k| props.contains(&k.as_str())) => {
                for (prop, pv) in m {
                    match pv {
                        Value::Object(ops) if !ops.is_empty() && ops.keys().all(|k| k.starts_with('$')) => {
                            for (op, operand) in ops {
                                all = all.add(self.condition(
                                    schema,
                                    alias,
                                    attr,
                                    Some(prop),
                                    Op::parse(op)?,
                                    operand,
                                )?);
                            }
                        }
                        other => all = all.add(self.condition(schema, alias, attr, Some(prop), Op::Eq, other)?),
                    }
                }
            }
            Value::Object(m) if attr.kind == AttributeType::RecordReference && m.contains_key("target_record_id") => {
                all = all.add(self.condition(schema, alias, attr, None, Op::Eq, &m["target_record_id"])?);
            }
            Value::Object(m) => {
                let bad = m.keys().find(|k| !k.starts_with('$') && !props.contains(&k.as_str()));
                return Err(ApiError::filter(match bad {
                    Some(k) => format!(
                        "Unknown property \"{k}\" for attribute \"{}\" of type \"{}\"; expected one of {}.",
                        attr.api_slug,
                        attr.kind,
                        props.join(", ")
                    ),
                    None => format!("Invalid filter for attribute \"{}\".", attr.api_slug),
                }));
            }
            other => all = all.add(self.condition(schema, alias, attr, None, Op::Eq, other)?),
        }
        Ok(all)
    }

    /// Resolves where `attr.prop` lives and how its operand must be typed.
    fn target(&self, alias: &str, attr: &AttributeDef, prop: &str) -> Result<(Target, ColumnKind)> {
        let primary = prop == primary_field(attr.kind);
        let kind = if primary { ColumnKind::of(attr.kind) } else { ColumnKind::Text };
        let record = Expr::col((Alias::new(alias), Alias::new("record_id"))).into();
        if attr.is_multiselect {
            let mv = format!("{alias}_mv");
            let inner = if primary {
                match kind {
                    ColumnKind::Text => Expr::col((Alias::new(&mv), MultiValues::Key)).into(),
                    _ => Expr::col((Alias::new(&mv), MultiValues::Num)).into(),
                }
            } else {
                self.json_field(&format!("\"{mv}\".\"value\""), None, prop)
            };
            return Ok((Target::Multi { alias: mv, record, attribute_id: attr.id.0.to_string(), inner }, kind));
        }
        let expr = match (&attr.column, primary) {
            (Some(col), true) => Expr::col((Alias::new(alias), Alias::new(col))).into(),
            _ => self.json_field(&format!("\"{alias}\".\"doc\""), Some(&attr.id.0.to_string()), prop),
        };
        Ok((Target::Row(expr), kind))
    }

    /// Text of `prop` inside a stored value; `attr` selects the first value of an attribute
    /// inside a record document. Names are attribute ids and known properties only.
    fn json_field(&self, column: &str, attr: Option<&str>, prop: &str) -> SimpleExpr {
        let sql = match (self.backend, attr) {
            (Backend::Sqlite, Some(a)) => format!("json_extract({column}, '$.\"{a}\"[0].{prop}')"),
            (Backend::Sqlite, None) => format!("json_extract({column}, '$.{prop}')"),
            (Backend::Postgres, Some(a)) => {
                format!("(({column})::jsonb -> '{a}' -> 0 ->> '{prop}')")
            }
            (Backend::Postgres, None) => format!("(({column})::jsonb ->> '{prop}')"),
        };
        Expr::cust(sql)
    }

    fn condition(
        &self,
        schema: &ObjectSchema,
        alias: &str,
        attr: &AttributeDef,
        prop: Option<&str>,
        op: Op,
        operand: &Value,
    ) -> Result<Condition> {
        let prop = match (attr.kind, prop) {
            // Status and select filter on the choice, named by id or title.
            (AttributeType::Status, Some("title" | "id" | "status_id")) => "status",
            (AttributeType::Select, Some("title" | "id" | "option_id")) => "option",
            (_, Some(p)) => p,
            (_, None) => primary_field(attr.kind),
        };
        let (target, kind) = self.target(alias, attr, prop)?;
        let indexable =
            matches!(op, Op::In | Op::Lt | Op::Lte | Op::Gt | Op::Gte) || (op == Op::Eq && !operand.is_null());
        if indexable && prop == primary_field(attr.kind) {
            self.compared_column(schema, alias, attr);
        }
        let inner = match &target {
            Target::Row(e) => e.clone(),
            Target::Multi { inner, .. } => inner.clone(),
        };
        let check_ops = |allowed: &[Op]| -> Result<()> {
            if allowed.contains(&op) {
                Ok(())
            } else {
                Err(ApiError::filter(format!(
                    "Operator {op:?} is not supported on property \"{prop}\" of attribute \"{}\" (type \"{}\").",
                    attr.api_slug, attr.kind
                )))
            }
        };
        let ordered = [Op::Eq, Op::In, Op::NotEmpty, Op::Lt, Op::Lte, Op::Gt, Op::Gte];
        let textual = [Op::Eq, Op::In, Op::NotEmpty, Op::Contains, Op::StartsWith, Op::EndsWith];
        let is_primary = prop == primary_field(attr.kind);
        match (attr.kind, is_primary) {
            (AttributeType::Number | AttributeType::Currency | AttributeType::Rating, true)
            | (AttributeType::Date | AttributeType::Timestamp | AttributeType::Interaction, true) => {
                check_ops(&ordered)?
            }
            (AttributeType::Checkbox | AttributeType::Status | AttributeType::Select, true)
            | (AttributeType::RecordReference | AttributeType::ActorReference, _) => {
                check_ops(&[Op::Eq, Op::In, Op::NotEmpty])?
            }
            _ => check_ops(&textual)?,
        }
        // `$not_empty`, and `$eq: null` which asks for an empty value.
        let emptiness = match op {
            Op::NotEmpty => Some(operand.as_bool().ok_or_else(|| ApiError::filter("$not_empty takes true or false."))?),
            Op::Eq if operand.is_null() => Some(false),
            _ => None,
        };
        if let Some(want) = emptiness {
            let present = match target {
                Target::Row(e) => Cond::all().add(Expr::expr(e).is_not_null()),
                Target::Multi { alias, record, attribute_id, .. } => {
                    Cond::all().add(exists(&alias, record, &attribute_id, None))
                }
            };
            return Ok(if want { present } else { present.not() });
        }
        let expr: SimpleExpr = match op {
            Op::NotEmpty => return Err(ApiError::filter("$not_empty takes true or false.")),
            Op::In => {
                let items = operand.as_array().ok_or_else(|| ApiError::filter("$in takes an array."))?;
                let vals =
                    items.iter().map(|v| self.operand(schema, attr, prop, kind, v)).collect::<Result<Vec<_>>>()?;
                Expr::expr(inner).is_in(vals)
            }
            Op::Contains | Op::StartsWith | Op::EndsWith => {
                let s =
                    operand.as_str().ok_or_else(|| ApiError::filter(format!("{op:?} takes a string.")))?.to_lowercase();
                let escaped = s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let pattern = match op {
                    Op::Contains => format!("%{escaped}%"),
                    Op::StartsWith => format!("{escaped}%"),
                    _ => format!("%{escaped}"),
                };
                Expr::expr(Func::lower(inner)).like(LikeExpr::new(pattern).escape('\\'))
            }
            Op::Eq => Expr::expr(inner).eq(self.operand(schema, attr, prop, kind, operand)?),
            Op::Lt => Expr::expr(inner).lt(self.operand(schema, attr, prop, kind, operand)?),
            Op::Lte => Expr::expr(inner).lte(self.operand(schema, attr, prop, kind, operand)?),
            Op::Gt => Expr::expr(inner).gt(self.operand(schema, attr, prop, kind, operand)?),
            Op::Gte => Expr::expr(inner).gte(self.operand(schema, attr, prop, kind, operand)?),
        };
        Ok(match target {
            // SQL compares NULL to anything as NULL, and NOT NULL is NULL again: an empty value
            // must make the condition false, so that `$not` of it is true.
            Target::Row(col) => Cond::all().add(Expr::expr(col).is_not_null()).add(expr),
            Target::Multi { alias, record, attribute_id, .. } => {
                Cond::all().add(exists(&alias, record, &attribute_id, Some(expr)))
            }
        })
    }

    /// Converts an operand to what the column holds: numbers for numeric columns, 0/1 for
    /// checkboxes, normalised text for dates, timestamps, e-mails and domains, choice ids for
    /// statuses and select options.
    fn operand(
        &self,
        schema: &ObjectSchema,
        attr: &AttributeDef,
        prop: &str,
        kind: ColumnKind,
        v: &Value,
    ) -> Result<SimpleExpr> {
        let bad =
            |what: &str| ApiError::filter(format!("Filter value for \"{}\".{prop} must be {what}.", attr.api_slug));
        Ok(match kind {
            ColumnKind::Real => {
                let n = match v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.parse().ok(),
                    _ => None,
                }
                .ok_or_else(|| bad("a number"))?;
                Expr::val(n).into()
            }
            ColumnKind::Integer => {
                let b = match v {
                    Value::Bool(b) => *b,
                    Value::String(s) if s == "true" => true,
                    Value::String(s) if s == "false" => false,
                    _ => return Err(bad("true or false")),
                };
                Expr::val(i64::from(b)).into()
            }
            ColumnKind::Text => {
                let s = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(bad("a string")),
                };
                let s = match (attr.kind, prop) {
                    (AttributeType::Date, "value") => {
                        parse_date(&s).ok_or_else(|| bad("a date"))?.format("%Y-%m-%d").to_string()
                    }
                    (AttributeType::Timestamp, "value") | (AttributeType::Interaction, "interacted_at") => {
                        parse_timestamp(&s)
                            .ok_or_else(|| bad("a timestamp"))?
                            .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
                    }
                    (AttributeType::Status, _) | (AttributeType::Select, _) => {
                        schema.find_choice(attr, &s).map(|c| c.id.to_string()).ok_or_else(|| {
                            ApiError::filter(format!("No status or option \"{s}\" on attribute \"{}\".", attr.api_slug))
                        })?
                    }
                    (AttributeType::EmailAddress | AttributeType::Domain, _) => s.to_lowercase(),
                    _ => s,
                };
                Expr::val(s).into()
            }
        })
    }

    /// `{"path": [[obj, ref_attr], [obj2, ref_attr2], ..., [objN, attr]], "constraints": {...}}`.
    fn path(&mut self, alias: &str, m: &Map<String, Value>) -> Result<Condition> {
        let steps: Vec<(String, String)> = serde_json::from_value(m["path"].clone())
            .map_err(|_| ApiError::filter("\"path\" must be an array of [object, attribute] pairs."))?;
        let constraints =
            m.get("constraints").ok_or_else(|| ApiError::filter("A path filter needs \"constraints\"."))?;
        let first = steps.first().ok_or_else(|| ApiError::filter("\"path\" must not be empty."))?;
        if self.schemas.get(&first.0).map(|s| s.object.id) != Some(self.schemas.root.object.id) {
            return Err(ApiError::filter(format!(
                "The first step of a path must name the queried object \"{}\".",
                self.schemas.root.object.api_slug
            )));
        }
        self.path_from(alias, &steps, constraints)
    }

    fn path_from(&mut self, alias: &str, steps: &[(String, String)], constraints: &Value) -> Result<Condition> {
        let schemas = self.schemas;
        let (obj, attr_name) = &steps[0];
        let schema = schemas.get(obj).ok_or_else(|| ApiError::filter(format!("Unknown object \"{obj}\" in path.")))?;
        let attr = schema
            .attribute(attr_name)
            .map_err(|_| ApiError::filter(format!("Unknown attribute \"{attr_name}\" on \"{obj}\" in path.")))?;
        if steps.len() == 1 {
            // The last step names the attribute the constraints apply to.
            return self.attribute(schema, alias, attr, constraints);
        }
        if attr.kind != AttributeType::RecordReference {
            return Err(ApiError::filter(format!(
                "\"{attr_name}\" on \"{obj}\" is not a record reference, so a path cannot continue from it."
            )));
        }
        let next = schemas
            .get(&steps[1].0)
            .ok_or_else(|| ApiError::filter(format!("Unknown object \"{}\" in path.", steps[1].0)))?;
        let next_alias = format!("{alias}p");
        let inner = self.path_from(&next_alias, &steps[1..], constraints)?;
        let sub = Query::select()
            .column((Alias::new(&next_alias), Alias::new("record_id")))
            .from_as(Alias::new(&next.object.table_name), Alias::new(&next_alias))
            .cond_where(inner)
            .to_owned();
        let (target, _) = self.target(alias, attr, "target_record_id")?;
        self.compared_column(schema, alias, attr);
        Ok(match target {
            Target::Row(e) => Cond::all().add(Expr::expr(e).in_subquery(sub)),
            Target::Multi { alias: mv, record, attribute_id, inner } => {
                Cond::all().add(exists(&mv, record, &attribute_id, Some(Expr::expr(inner).in_subquery(sub))))
            }
        })
    }

    fn compared_column(&self, schema: &ObjectSchema, alias: &str, attr: &AttributeDef) {
        let Some(column) = attr.column.as_ref().filter(|_| !attr.is_multiselect) else { return };
        self.compared.borrow_mut().push(Compared {
            table: schema.object.table_name.clone(),
            column: column.clone(),
            root_status: alias == ROOT && attr.kind == AttributeType::Status,
        });
    }

    /// The indexes that would serve this query, once it is compiled: one per compared column,
    /// and for a status compared together with a sort by a number or a date (a pipeline
    /// column), one `(status, sort key)` index in place of both columns' own.
    pub fn indexes(&self, sorts: &[Sort]) -> Vec<IndexSpec> {
        let root = &self.schemas.root;
        let sort_column = sorts.first().and_then(|s| {
            let attr = root.attribute(s.attribute.as_deref()?).ok()?;
            let primary = s.field.as_deref().is_none_or(|f| f == primary_field(attr.kind));
            let orderable = matches!(
                attr.kind,
                AttributeType::Number
                    | AttributeType::Currency
                    | AttributeType::Rating
                    | AttributeType::Date
                    | AttributeType::Timestamp
                    | AttributeType::Text
            );
            (primary && orderable && !attr.is_multiselect).then_some(attr.column.as_ref()?)
        });
        let compared = self.compared.borrow();
        let table = &root.object.table_name;
        let status = compared.iter().find(|c| c.root_status).map(|c| &c.column);
        let mut out: Vec<IndexSpec> = Vec::new();
        let mut push = |spec: IndexSpec| {
            if !out.iter().any(|o| o.name == spec.name) {
                out.push(spec);
            }
        };
        match (status, sort_column) {
            // Rows of one status in record order: a board's column, a filtered table's start.
            (Some(status), None) if sorts.is_empty() => {
                push(IndexSpec::pipeline(self.backend, table, status, "record_id", false));
                for c in compared.iter().filter(|c| &c.column != status) {
                    push(IndexSpec::single(&c.table, &c.column));
                }
            }
            (Some(status), Some(sort)) if status != sort => {
                let descending = sorts.first().is_some_and(|s| s.direction == Direction::Desc);
                push(IndexSpec::pipeline(self.backend, table, status, sort, descending));
                for c in compared.iter().filter(|c| &c.column != status && &c.column != sort) {
                    push(IndexSpec::single(&c.table, &c.column));
                }
            }
            _ => {
                for c in compared.iter() {
                    push(IndexSpec::single(&c.table, &c.column));
                }
                if let Some(sort) = sort_column {
                    push(IndexSpec::single(table, sort));
                }
            }
        }
        out
    }

    /// ORDER BY terms for Attio sorts, NULLs last in both directions on both backends.
    pub fn order_by(&self, sorts: &[Sort]) -> Result<Vec<(SimpleExpr, Order, NullOrdering)>> {
        let root = &self.schemas.root;
        let mut out = Vec::new();
        for sort in sorts {
            let order = match sort.direction {
                Direction::Asc => Order::Asc,
                Direction::Desc => Order::Desc,
            };
            let expr = match (&sort.attribute, &sort.path) {
                (Some(name), None) => {
                    let attr = root
                        .attribute(name)
                        .map_err(|_| ApiError::filter(format!("Cannot sort by unknown attribute \"{name}\".")))?;
                    self.sort_expr(root, ROOT, attr, sort.field.as_deref())?
                }
                (None, Some(path)) => self.sort_path(path, sort.field.as_deref())?,
                _ => return Err(ApiError::filter("A sort names either an \"attribute\" or a \"path\".")),
            };
            out.push((expr, order, NullOrdering::Last));
        }
        Ok(out)
    }

    fn sort_expr(
        &self,
        schema: &ObjectSchema,
        alias: &str,
        attr: &AttributeDef,
        field: Option<&str>,
    ) -> Result<SimpleExpr> {
        if field == Some(crate::positions::BOARD_POSITION) {
            return board_position(alias, attr);
        }
        let prop = field.unwrap_or(primary_field(attr.kind));
        if !values::properties(attr.kind).contains(&prop) {
            return Err(ApiError::filter(format!("Cannot sort \"{}\" by unknown field \"{prop}\".", attr.api_slug)));
        }
        let _ = schema;
        let (target, _) = self.target(alias, attr, prop)?;
        Ok(match target {
            Target::Row(e)
                if matches!(attr.kind, AttributeType::Status | AttributeType::Select)
                    && prop == primary_field(attr.kind) =>
            {
                // Choices sort by their configured order, not by id.
                let table = if attr.kind == AttributeType::Status { "statuses" } else { "select_options" };
                let sub = Query::select()
                    .column(Alias::new("position"))
                    .from(Alias::new(table))
                    .and_where(Expr::col((Alias::new(table), Alias::new("id"))).eq(e))
                    .to_owned();
                SimpleExpr::SubQuery(None, Box::new(sub.into_sub_query_statement()))
            }
            Target::Row(e) => e,
            Target::Multi { alias: mv, record, attribute_id, inner } => {
                // A multi-value attribute sorts by its smallest value.
                let sub = Query::select()
                    .expr(Func::min(inner))
                    .from_as(MultiValues::Table, Alias::new(&mv))
                    .and_where(Expr::col((Alias::new(&mv), MultiValues::RecordId)).eq(record))
                    .and_where(Expr::col((Alias::new(&mv), MultiValues::AttributeId)).eq(attribute_id))
                    .to_owned();
                SimpleExpr::SubQuery(None, Box::new(sub.into_sub_query_statement()))
            }
        })
    }

    /// A sort through single-value references: `[[deals, associated_company], [companies, name]]`.
    fn sort_path(&self, path: &[(String, String)], field: Option<&str>) -> Result<SimpleExpr> {
        let root = &self.schemas.root;
        let resolve = |(obj, attr): &(String, String)| -> Result<(&ObjectSchema, &AttributeDef)> {
            let s = self
                .schemas
                .get(obj)
                .ok_or_else(|| ApiError::filter(format!("Unknown object \"{obj}\" in sort path.")))?;
            let a = s
                .attribute(attr)
                .map_err(|_| ApiError::filter(format!("Unknown attribute \"{attr}\" in sort path.")))?;
            Ok((s, a))
        };
        match path {
            [single] => {
                let (s, a) = resolve(single)?;
                if s.object.id != root.object.id {
                    return Err(ApiError::filter("A sort path must start at the queried object."));
                }
                self.sort_expr(s, ROOT, a, field)
            }
            [first, second] => {
                let (s0, a0) = resolve(first)?;
                let (s1, a1) = resolve(second)?;
                if s0.object.id != root.object.id || a0.kind != AttributeType::RecordReference || a0.is_multiselect {
                    return Err(ApiError::filter(
                        "A sort path must start at the queried object and follow a single-value record reference.",
                    ));
                }
                let (Target::Row(reference), _) = self.target(ROOT, a0, "target_record_id")? else {
                    return Err(ApiError::filter("A sort path must follow a single-value record reference."));
                };
                let inner = self.sort_expr(s1, "sp", a1, field)?;
                let sub = Query::select()
                    .expr(inner)
                    .from_as(Alias::new(&s1.object.table_name), Alias::new("sp"))
                    .and_where(Expr::col((Alias::new("sp"), Alias::new("record_id"))).eq(reference))
                    .to_owned();
                Ok(SimpleExpr::SubQuery(None, Box::new(sub.into_sub_query_statement())))
            }
            _ => Err(ApiError::filter("Sort paths of one or two steps are supported.")),
        }
    }
}

fn exists(mv: &str, record: SimpleExpr, attribute_id: &str, cond: Option<SimpleExpr>) -> SimpleExpr {
    let mut sub = Query::select();
    sub.expr(Expr::val(1))
        .from_as(MultiValues::Table, Alias::new(mv))
        .and_where(Expr::col((Alias::new(mv), MultiValues::RecordId)).eq(record))
        .and_where(Expr::col((Alias::new(mv), MultiValues::AttributeId)).eq(attribute_id));
    if let Some(c) = cond {
        sub.and_where(c);
    }
    Expr::exists(sub)
}

/// The manual order of the board grouped by `attr` (`positions`): placed rows first, in
/// their order; the others after, in the query's default order.
fn board_position(alias: &str, attr: &AttributeDef) -> Result<SimpleExpr> {
    use crate::positions::BoardPositions;
    if !attr.groups_rows() {
        return Err(ApiError::filter(format!(
            "Only a single-value status or select attribute has a board order; \"{}\" is not one.",
            attr.api_slug
        )));
    }
    let position = Query::select()
        .column(BoardPositions::Position)
        .from(BoardPositions::Table)
        .and_where(Expr::col(BoardPositions::AttributeId).eq(attr.id.to_string()))
        .and_where(Expr::col(BoardPositions::RowId).equals((Alias::new(alias), Alias::new("record_id"))))
        .to_owned();
    Ok(Func::coalesce([
        SimpleExpr::SubQuery(None, Box::new(position.into_sub_query_statement())),
        Expr::val(i64::MAX).into(),
    ])
    .into())
}
