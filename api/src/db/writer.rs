//! SQLite's one writer. Write jobs queue on a channel and run one after another on a thread
//! of their own, each inside a savepoint, many to a transaction: the transaction commits when
//! the queue is empty (group commit), so concurrent writes share one commit. The thread runs
//! nothing else, so a job's statements never wait behind request handling for a turn on the
//! server's runtime.
//!
//! Every statement is a round trip to the connection's worker thread, and on a virtual
//! machine each wake-up costs more than the statement. So a job's savepoint is not a
//! statement of its own: it opens with the job's first write (`savepoint_prefix`), whose SQL
//! it precedes in the same call, together with the release of the previous job's savepoint.

use crate::error::{ApiError, Result};
use futures_util::future::BoxFuture;
use futures_util::FutureExt as _;
use sqlx::{AnyConnection, Executor};
use std::cell::Cell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, Mutex};

/// Jobs per transaction at most, so that one burst does not hold every result back.
const MAX_BATCH: usize = 256;

/// Sends a job's result once its transaction's fate is known.
type Deliver = Box<dyn FnOnce(Result<()>) + Send>;

/// A queued write: runs on the writer's connection and says whether it succeeded.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, (bool, Deliver)> + Send>;

thread_local! {
    /// On the writer thread while a job runs and has not written yet: the statements to run
    /// before its first write.
    static PENDING_SAVEPOINT: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// For `Db`'s write methods: the savepoint statements the running job's first write must
/// run first, once. `None` off the writer thread and after the job's first write.
pub(super) fn savepoint_prefix() -> Option<&'static str> {
    PENDING_SAVEPOINT.with(Cell::take)
}

pub(super) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Writer {
    /// Starts the writer thread on `conn`. `lock` is the process-wide write lock, held for
    /// each transaction so that schema changes written through the pool never collide.
    pub fn start(conn: AnyConnection, lock: Arc<Mutex<()>>) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::unbounded_channel();
        // Jobs may read through the pool, whose timeouts need the server's runtime.
        let runtime = tokio::runtime::Handle::current();
        std::thread::Builder::new().name("sqlite-writer".into()).spawn(move || {
            let _context = runtime.enter();
            block_on(run(conn, lock, queue))
        })?;
        Ok(Writer { jobs })
    }

    pub async fn write<T, F>(&self, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T>> + Send + 'static,
    {
        let (send, receive) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let deliver: Deliver = match job(conn).await {
                    Ok(value) => Box::new(move |committed: Result<()>| {
                        let _ = send.send(committed.map(|()| value));
                    }),
                    Err(error) => {
                        return (
                            false,
                            Box::new(move |_: Result<()>| {
                                let _ = send.send(Err(error));
                            }) as Deliver,
                        )
                    }
                };
                (true, deliver)
            })
        });
        self.jobs.send(job).map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        // A job that panicked drops its sender without answering.
        receive.await.map_err(|_| anyhow::anyhow!("the write failed unexpectedly"))?
    }
}

/// How long the writer thread spins for a wake-up before it sleeps.
const SPIN: Duration = Duration::from_micros(50);

/// Wakes the writer thread; costs a system call only when the thread sleeps.
struct Signal {
    woken: AtomicBool,
    thread: std::thread::Thread,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs the writer's future on this thread. A statement's answer from the connection's
/// worker thread usually comes within microseconds: spinning for it, rather than sleeping
/// until woken, spares both threads a context switch per statement.
fn block_on<F: Future>(future: F) -> F::Output {
    let signal = Arc::new(Signal { woken: AtomicBool::new(false), thread: std::thread::current() });
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        let started = Instant::now();
        let mut spins: u32 = 0;
        while !signal.woken.swap(false, Ordering::Acquire) {
            spins = spins.wrapping_add(1);
            if !spins.is_multiple_of(64) || started.elapsed() < SPIN {
                std::hint::spin_loop();
            } else {
                std::thread::park();
            }
        }
    }
}

async fn run(mut conn: AnyConnection, lock: Arc<Mutex<()>>, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        let _guard = lock.lock().await;
        let mut delivers: Vec<Deliver> = Vec::new();
        // Whether a job's savepoint is open (released lazily, by the next write or the commit).
        let mut open = false;
        let mut outcome = conn.execute("BEGIN IMMEDIATE").await.map(|_| ());
        let mut next = Some(first);
        while let Some(job) = next.take() {
            if outcome.is_err() {
                break;
            }
            outcome = run_job(&mut conn, job, &mut open, &mut delivers).await;
            if delivers.len() < MAX_BATCH {
                next = queue.try_recv().ok();
            }
        }
        let outcome = match outcome {
            Ok(()) => conn.execute(if open { "RELEASE job; COMMIT" } else { "COMMIT" }).await.map(|_| ()),
            Err(e) => Err(e),
        };
        let message = outcome.as_ref().err().map(|e| e.to_string());
        if message.is_some() {
            // Nothing of the batch was written: every job of it fails.
            let _ = conn.execute("ROLLBACK").await;
        }
        for deliver in delivers {
            deliver(match &message {
                None => Ok(()),
                Some(m) => Err(ApiError::Internal(anyhow::anyhow!("the write was not committed: {m}"))),
            });
        }
    }
}

/// Runs one job; its writes, if any, in a savepoint that is rolled back when it fails or
/// panics.
async fn run_job(conn: &mut AnyConnection, job: Job, open: &mut bool, delivers: &mut Vec<Deliver>) -> sqlx::Result<()> {
    let prefix = if *open { "RELEASE job; SAVEPOINT job; " } else { "SAVEPOINT job; " };
    PENDING_SAVEPOINT.with(|p| p.set(Some(prefix)));
    let result = AssertUnwindSafe(job(conn)).catch_unwind().await;
    let wrote = PENDING_SAVEPOINT.with(Cell::take).is_none();
    *open |= wrote;
    let ok = match result {
        Ok((true, deliver)) => {
            delivers.push(deliver);
            true
        }
        // A failed job's answer does not depend on the commit: it goes out now.
        Ok((false, deliver)) => {
            deliver(Ok(()));
            false
        }
        Err(_) => false,
    };
    if !ok && wrote {
        conn.execute("ROLLBACK TO job").await?;
    }
    Ok(())
}
