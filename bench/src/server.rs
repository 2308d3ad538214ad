//! Starts `crm serve` on a fresh database with a workspace, 25 deal owners and an API key.

use crate::Args;
use anyhow::{bail, Context};
use std::path::Path;
use std::process::Stdio;
use tokio::process::{Child, Command};

pub struct Server {
    pub base: String,
    pub token: String,
    pub database_url: String,
    child: Child,
}

/// The URL of database `name` on the server of `base`, keeping `base`'s parameters.
fn database(base: &str, name: &str) -> String {
    match base.split_once('?') {
        Some((server, params)) => format!("{server}/{name}?{params}"),
        None => format!("{base}/{name}"),
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn crm(args: &Args, url: &str, cli: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(&args.crm).args(cli).env("CRM_DATABASE_URL", url).output().await?;
    if !out.status.success() {
        bail!("crm {cli:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

impl Server {
    pub async fn start(args: &Args, backend: &str, work: &Path) -> anyhow::Result<Server> {
        let database_url = match backend {
            "sqlite" => format!("sqlite://{}", work.join("crm.db").display()),
            "postgres" => {
                let name = format!("crm_bench_{}", uuid::Uuid::new_v4().simple());
                sqlx::any::install_default_drivers();
                use sqlx::Connection;
                let mut c = sqlx::AnyConnection::connect(&database(&args.postgres, "postgres")).await?;
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await?;
                database(&args.postgres, &name)
            }
            other => bail!("unknown backend {other}"),
        };
        crm(args, &database_url, &["workspace", "create", "bench", "--name", "Benchmark"]).await?;
        for i in 1..=25 {
            let email = format!("owner{i:02}@example.com");
            crm(
                args,
                &database_url,
                &["user", "create", "--workspace", "bench", "--email", &email, "--password", "benchmark-owner"],
            )
            .await?;
        }
        let token = crm(args, &database_url, &["api-key", "create", "--workspace", "bench", "--name", "bench"]).await?;
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(&args.crm)
            .args(["serve", "--addr", &addr, "--rate-limit-reads", "0", "--rate-limit-writes", "0"])
            .env("CRM_DATABASE_URL", &database_url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting crm serve")?;
        let base = format!("http://{addr}");
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if client.get(format!("{base}/v2/self")).send().await.is_ok() {
                return Ok(Server { base, token, database_url, child });
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        bail!("crm serve did not come up on {addr}")
    }

    /// Brings the database to the state it settles in after a bulk load: on PostgreSQL,
    /// what autovacuum does within a minute or two (planner statistics, the visibility map),
    /// here at once so that the measurements do not depend on when it wakes up.
    pub async fn settle(&self) -> anyhow::Result<()> {
        if self.database_url.starts_with("postgres") {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut c = sqlx::AnyConnection::connect(&self.database_url).await?;
            sqlx::query("VACUUM ANALYZE").execute(&mut c).await?;
            c.close().await?;
        }
        Ok(())
    }

    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.child.kill().await?;
        Ok(())
    }
}
