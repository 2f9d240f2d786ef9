import { contract, staffRoles, type Person, type StaffRole } from "@bedside/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, call } from "../../lib/api";

/** Role checkboxes as one labelled group. */
function RolePicker({ name, legend, initial }: { name: string; legend: string; initial: StaffRole[] }) {
  const { t } = useTranslation();
  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      {staffRoles.map((r) => (
        <label key={r}>
          <input type="checkbox" name={name} value={r} defaultChecked={initial.includes(r)} />{" "}
          {t(`accounts.roles.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** The clinic's people and invitations; each change below invalidates it. */
const peopleKey = ["admin", "people"] as const;

const rolesOf = (form: FormData, name: string) => form.getAll(name).map(String) as StaffRole[];

/**
 * The admin's People screen: everyone in the clinic with their roles, invitations, deactivation.
 * Names and emails only: nothing clinical.
 */
export function PeoplePage({ onSignOut, extra }: { onSignOut: () => void; extra?: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const people = useQuery({
    queryKey: peopleKey,
    queryFn: ({ signal }) => call(contract.people, { signal }),
  });
  const data = people.data;
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMessage({ text: ok, error: false });
      await queryClient.invalidateQueries({ queryKey: peopleKey });
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : String(err), error: true });
    }
  };

  if (!data)
    return (
      <main className="page" aria-busy={!people.error}>
        {people.error && (
          <p role="alert" className="error">
            {people.error.message}
          </p>
        )}
      </main>
    );
  return (
    <main className="page">
      <header className="stack">
        <h1>{t("people.title")}</h1>
        <p className="muted">{t("people.intro", { clinic: data.clinicName })}</p>
        <button type="button" className="button" onClick={onSignOut}>
          {t("people.signOut")}
        </button>
        {extra}
      </header>
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "error" : undefined}>
          {message.text}
        </p>
      )}
      <table>
        <caption className="visually-hidden">{t("people.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("people.name")}</th>
            <th scope="col">{t("people.email")}</th>
            <th scope="col">{t("people.roles")}</th>
            <th scope="col">{t("people.status")}</th>
          </tr>
        </thead>
        <tbody>
          {data.people.map((p: Person) => (
            <tr key={p.id}>
              <th scope="row">{p.displayName}</th>
              <td>{p.email}</td>
              <td>
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    const roles = rolesOf(new FormData(e.currentTarget), "roles");
                    void act(
                      () => call(contract.setRoles, { params: { userId: p.id }, body: { roles } }),
                      t("people.saved"),
                    );
                  }}
                >
                  <RolePicker name="roles" legend={t("people.roles")} initial={p.roles} />
                  <button type="submit" className="button">
                    {t("people.saveRoles", { name: p.displayName })}
                  </button>
                </form>
              </td>
              <td>
                {p.deactivatedAt ? t("people.deactivated") : t("people.active")}{" "}
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void act(
                      () =>
                        call(p.deactivatedAt ? contract.reactivate : contract.deactivate, {
                          params: { userId: p.id },
                        }),
                      t("people.saved"),
                    )
                  }
                >
                  {p.deactivatedAt
                    ? t("people.reactivate", { name: p.displayName })
                    : t("people.deactivate", { name: p.displayName })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.invitations.length > 0 && (
        <section className="stack">
          <h2>{t("people.pending")}</h2>
          <ul>
            {data.invitations.map((i) => (
              <li key={i.id}>
                {i.email} ({i.roles.map((r) => t(`accounts.roles.${r}`)).join(", ")})
                {i.expired && ` — ${t("people.expired")}`}{" "}
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void act(
                      () => call(contract.revokeInvitation, { params: { invitationId: i.id } }),
                      t("people.saved"),
                    )
                  }
                >
                  {t("people.revoke", { email: i.email })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card stack">
        <h2>{t("people.inviteTitle")}</h2>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            const email = String(f.get("email"));
            const displayName = String(f.get("displayName") ?? "").trim();
            // The form is emptied as soon as the invitation is sent, before it is said and the list
            // is read again: the next one typed meanwhile is not wiped (CI's clinic journey typed it).
            void act(
              async () => {
                await call(contract.invite, {
                  body: { email, roles: rolesOf(f, "inviteRoles"), ...(displayName ? { displayName } : {}) },
                });
                form.reset();
              },
              t("people.invited", { email }),
            );
          }}
        >
          <label className="field">
            <span>{t("people.email")}</span>
            <input name="email" type="email" required />
          </label>
          <label className="field">
            <span>{t("people.name")}</span>
            <input name="displayName" maxLength={120} />
          </label>
          <RolePicker name="inviteRoles" legend={t("people.roles")} initial={["clinician"]} />
          <button type="submit" className="button button--primary">
            {t("people.invite")}
          </button>
        </form>
      </section>
    </main>
  );
}
