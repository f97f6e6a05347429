//! How tests are written in this binary. A plain `#[test]` or `#[tokio::test]` is never run here
//! (the binary has its own `main`), so `honesty.rs` refuses them.

/// Registers one or more tests that run once, sync or async (an async one runs on a
/// current-thread tokio runtime of its own). Doc comments come first, then what the test needs:
///
/// ```ignore
/// api_test! {
///     /// systemd's own check of the unit.
///     #[requires(Tool("systemd-analyze"))]
///     fn systemd_analyze_accepts_the_unit() { ... }
///
///     #[requires(Postgres)]
///     async fn postgres_gone_is_503() { ... }
/// }
/// ```
#[macro_export]
macro_rules! api_test {
    () => {};
    (
        $(#[doc = $doc:literal])*
        $(#[requires($($req:ident $(($arg:literal))?),+ $(,)?)])?
        async fn $name:ident() $body:block
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        fn $name() {
            $crate::harness::block_on(async $body)
        }
        $crate::__register_test!($name, [$($($req $(($arg))?),+)?]);
        $crate::api_test! { $($rest)* }
    };
    (
        $(#[doc = $doc:literal])*
        $(#[requires($($req:ident $(($arg:literal))?),+ $(,)?)])?
        fn $name:ident() $body:block
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        fn $name() $body
        $crate::__register_test!($name, [$($($req $(($arg))?),+)?]);
        $crate::api_test! { $($rest)* }
    };
}

/// Runs one test body twice, as `<test>::sqlite` and as `<test>::postgres` (which needs
/// `JOINTREG_TEST_POSTGRES_URL`, and is ignored without it). The body sees `backend: Backend`.
/// A test that needs more says so first: `#[requires(Browser)] async fn …`.
#[macro_export]
macro_rules! both_backends {
    ($($(#[requires($($req:ident $(($arg:literal))?),+)])? async fn $name:ident($backend:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn sqlite() {
                $crate::harness::block_on(async {
                    let $backend = $crate::helpers::Backend::Sqlite;
                    $body
                })
            }

            fn postgres() {
                $crate::harness::block_on(async {
                    let $backend = $crate::helpers::Backend::Postgres;
                    $body
                })
            }

            $crate::__register_test!(sqlite, [$($($req $(($arg))?),+)?]);
            $crate::__register_test!(postgres, [Postgres $($(, $req $(($arg))?)+)?]);
        }
    )*};
}

/// Adds the function `$run` of the calling module to the tests the harness runs.
#[doc(hidden)]
#[macro_export]
macro_rules! __register_test {
    ($run:ident, [$($req:ident $(($arg:literal))?),*]) => {
        const _: () = {
            #[::linkme::distributed_slice($crate::harness::TESTS)]
            static TEST: $crate::harness::Test = $crate::harness::Test {
                path: concat!(module_path!(), "::", stringify!($run)),
                requires: &[$($crate::harness::Requirement::$req $(($arg))?),*],
                run: $run,
            };
        };
    };
}
