//! Progress on standard error while a long copy runs: how far the file has grown, and sizes a
//! person reads at a glance.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_secs(2);

/// Reports every two seconds how large a file being written has grown, until dropped.
pub struct GrowthReport {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl GrowthReport {
    pub fn start(path: PathBuf, started: Instant) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            // Dropping the sender ends the wait at once; only a timeout means "still running".
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                if let Ok(metadata) = std::fs::metadata(&path) {
                    eprintln!("  … {} written ({:.1} s)", human_size(metadata.len()), started.elapsed().as_secs_f64());
                }
            }
        });
        GrowthReport { stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for GrowthReport {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `812 B`, `14.2 KiB`, `3.0 MiB`, `1.25 GiB`.
pub fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else {
        format!("{:.2} GiB", b / (KIB * KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(14_540), "14.2 KiB");
        assert_eq!(human_size(3 << 20), "3.0 MiB");
        assert_eq!(human_size(5 << 29), "2.50 GiB");
    }
}
