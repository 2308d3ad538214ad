//! `/login`: email and password, posted to the `login` server function.

use crate::functions::{AppError, Login};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let pending = login.pending();

    // With the wasm loaded the action carries the error; a native form post comes back
    // as `?error=...` instead.
    let error = move || match login.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        Some(Ok(())) => None,
        None => query.read().get("error").map(|code| match code.as_str() {
            "credentials" => AppError::InvalidCredentials.to_string(),
            _ => "Sign-in failed. Please try again.".to_string(),
        }),
    };

    let input = "block w-full rounded-md border border-line-strong bg-canvas px-3 py-2 text-sm text-fg shadow-xs placeholder:text-fg-faint focus:border-focus focus:ring-1 focus:ring-focus focus:outline-none";

    view! {
        <Title text="Sign in · CRM" />
        <div class="grid min-h-screen place-items-center bg-panel px-4 text-sm text-fg">
            <div class="w-full max-w-sm">
                <div class="mb-6 text-center">
                    <div class="mx-auto mb-4 grid size-9 place-items-center rounded-lg bg-accent font-semibold text-accent-fg">
                        "C"
                    </div>
                    <h1 class="text-lg font-semibold">"Sign in to your workspace"</h1>
                </div>
                <div class="rounded-xl border border-line bg-canvas p-6 shadow-sm">
                    <ActionForm action=login>
                        <div class="space-y-4">
                            <div class="space-y-1.5">
                                <label for="email" class="block font-medium">
                                    "Email"
                                </label>
                                <input
                                    id="email"
                                    name="email"
                                    type="email"
                                    autocomplete="username"
                                    required
                                    class=input
                                />
                            </div>
                            <div class="space-y-1.5">
                                <label for="password" class="block font-medium">
                                    "Password"
                                </label>
                                <input
                                    id="password"
                                    name="password"
                                    type="password"
                                    autocomplete="current-password"
                                    required
                                    class=input
                                />
                            </div>
                            {move || {
                                error()
                                    .map(|message| {
                                        view! {
                                            <p
                                                role="alert"
                                                class="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-rose-700"
                                            >
                                                {message}
                                            </p>
                                        }
                                    })
                            }}
                            <button
                                type="submit"
                                disabled=move || pending.get()
                                class="w-full rounded-md bg-accent px-3 py-2 font-medium text-accent-fg hover:bg-accent-hover disabled:opacity-60"
                            >
                                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                            </button>
                        </div>
                    </ActionForm>
                </div>
            </div>
        </div>
    }
}
