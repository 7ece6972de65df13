//! Navigation driven by state (route guards).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Navigates to the path `target` returns whenever it returns one.
///
/// Runs as an effect, after rendering, so a guard never navigates in the middle of a render;
/// the navigation replaces the history entry so "back" does not return to a refused page.
pub fn redirect_when(target: impl Fn() -> Option<String> + 'static) {
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(path) = target() {
            navigate(
                &path,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
}
