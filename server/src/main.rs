//! `crm`: serve the CRM, migrate its database, and administer workspaces, users and keys.

use anyhow::Context as _;
use api::db::Db;
use api::members::{self, NewMember};
use api::{keys, workspaces, AppState, Config};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use tracing_subscriber::EnvFilter;

// The request path allocates many small JSON values; mimalloc serves them far faster than
// the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "crm", version, about = "A self-hostable CRM with an Attio-compatible API")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// sqlite://path/to/file.db or postgres://user@host/db
    #[arg(long, env = "CRM_DATABASE_URL", default_value = "sqlite://data/crm.db")]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the REST API (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CRM_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Public base URL used in links (defaults to http://<addr>).
        #[arg(long, env = "CRM_PUBLIC_URL")]
        public_url: Option<String>,
        /// Read requests per second per token (0: unlimited).
        #[arg(long, env = "CRM_RATE_LIMIT_READS", default_value_t = 100)]
        rate_limit_reads: u32,
        /// Write requests per second per token (0: unlimited).
        #[arg(long, env = "CRM_RATE_LIMIT_WRITES", default_value_t = 25)]
        rate_limit_writes: u32,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Apply pending schema migrations.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage workspaces.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Manage users (workspace members).
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
}

#[derive(Subcommand)]
enum WorkspaceCommand {
    /// Create a workspace with the standard objects (people, companies, deals).
    Create {
        /// Lower-case slug, e.g. "acme".
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user who can log in to the web app.
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "")]
        first_name: String,
        #[arg(long, default_value = "")]
        last_name: String,
        /// Make the user a workspace admin.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Create an API key and print its secret (the only line on stdout).
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        name: String,
        /// A scope such as record_permission:read-write; repeat for more. None: all scopes.
        #[arg(long = "scope")]
        scopes: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve { addr, public_url, rate_limit_reads, rate_limit_writes, db } => {
            let db = Db::connect(&db.database_url).await?;
            let mut config = Config::new(public_url.unwrap_or_else(|| format!("http://{addr}")));
            config.reads_per_sec = rate_limit_reads;
            config.writes_per_sec = rate_limit_writes;
            let state = AppState::new(db.clone(), config);
            api::webhooks::spawn_worker(state.clone());
            let mut options =
                leptos::config::get_configuration(None).context("reading the web app configuration")?.leptos_options;
            options.site_addr = addr;
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
            tracing::info!("serving on http://{addr}");
            server::serve(listener, state, options, shutdown_signal()).await?;
            db.close().await;
        }
        Command::Migrate { db } => {
            Db::connect(&db.database_url).await?;
            eprintln!("migrations applied");
        }
        Command::Workspace(WorkspaceCommand::Create { slug, name, db }) => {
            let db = Db::connect(&db.database_url).await?;
            let ws = workspaces::create_workspace(&db, &slug, name.as_deref()).await.map_err(anyhow::Error::msg)?;
            eprintln!("created workspace {} ({})", ws.slug, ws.id);
        }
        Command::User(UserCommand::Create { workspace, email, password, first_name, last_name, admin, db }) => {
            let db = Db::connect(&db.database_url).await?;
            let member = members::create_member(
                &db,
                NewMember {
                    workspace: &workspace,
                    email: &email,
                    password: &password,
                    first_name: &first_name,
                    last_name: &last_name,
                    admin,
                },
            )
            .await
            .map_err(anyhow::Error::msg)?;
            eprintln!("created user {} ({})", member.email_address, member.id.workspace_member_id);
        }
        Command::ApiKey(ApiKeyCommand::Create { workspace, name, scopes, db }) => {
            let db = Db::connect(&db.database_url).await?;
            let state = AppState::new(db, Config::new(""));
            let key = keys::create_api_key(&state, &workspace, &name, &scopes).await.map_err(anyhow::Error::msg)?;
            println!("{}", key.token);
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
