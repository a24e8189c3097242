"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { DateTime } from "../ui/date-time";
import { BackupCodesDisplay } from "./backup-codes-display";
import { CodeActionDialog } from "./code-action-dialog";
import { EnrollmentWizard } from "./enrollment-wizard";
import { mfaApi } from "./mfa-api";

export interface MfaPanelProps {
  userId: string;
  email: string;
  enabled: boolean;
  enabledAt: string | null;
  backupCodesRemaining: number;
  backupCodesLow: boolean;
  /** REQUIRE_ADMIN_MFA holds this session back until it completes MFA. */
  mustComplete: boolean;
}

type Open = "none" | "wizard" | "regenerate" | "disable" | "confirm";

/** The account page's two-factor section: status, enrollment, backup codes, turning it off. */
export function MfaPanel(props: MfaPanelProps) {
  const router = useRouter();
  const [open, setOpen] = useState<Open>(props.mustComplete && !props.enabled ? "wizard" : "none");
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const close = () => setOpen("none");
  const finish = () => {
    setOpen("none");
    setNewCodes(null);
    router.refresh();
  };

  const notice = props.mustComplete ? (
    <p className="alert alert-info" role="status">
      {props.enabled
        ? "Your role requires two-factor authentication: confirm this session with a code to continue."
        : "Your role requires two-factor authentication: set it up to continue using PrintGuard."}
    </p>
  ) : null;

  if (open === "wizard") {
    return (
      <div className="mfa-panel">
        {notice}
        <EnrollmentWizard userId={props.userId} email={props.email} onCancel={close} onDone={finish} />
      </div>
    );
  }
  if (newCodes) return <BackupCodesDisplay codes={newCodes} email={props.email} onDone={finish} />;

  return (
    <div className="mfa-panel">
      {notice}
      {props.enabled ? (
        <>
          <dl className="details-list">
            <dt>Status</dt>
            <dd data-testid="mfa-status">
              On{props.enabledAt ? (
                <>
                  {" "}since <DateTime iso={props.enabledAt} />
                </>
              ) : null}
            </dd>
            <dt>Backup codes left</dt>
            <dd data-testid="backup-codes-left">{props.backupCodesRemaining} of 10</dd>
          </dl>
          {props.backupCodesLow ? (
            <p className="alert alert-error" role="status">
              Only {props.backupCodesRemaining} backup code{props.backupCodesRemaining === 1 ? "" : "s"} left: generate a new set.
            </p>
          ) : null}
          <div className="form-actions">
            {props.mustComplete ? (
              <button type="button" className="button" onClick={() => setOpen("confirm")}>
                Confirm with a code
              </button>
            ) : null}
            <button type="button" className="button button-secondary" onClick={() => setOpen("regenerate")}>
              New backup codes
            </button>
            <button type="button" className="button button-danger" onClick={() => setOpen("disable")}>
              Turn off
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="mfa-status">
            Off. Protect your account with an authenticator app: signing in will then need a code from your phone as well as
            your password.
          </p>
          <button type="button" className="button" onClick={() => setOpen("wizard")}>
            Set up two-factor authentication
          </button>
        </>
      )}
      <CodeActionDialog
        open={open === "confirm"}
        title="Confirm this session"
        confirmLabel="Confirm"
        onClose={close}
        onSubmit={async (code) => {
          await mfaApi.verify(props.userId, code);
          finish();
        }}
      >
        <p>Enter a code from your authenticator app, or a backup code.</p>
      </CodeActionDialog>
      <CodeActionDialog
        open={open === "regenerate"}
        title="New backup codes"
        confirmLabel="Generate new codes"
        onClose={close}
        onSubmit={async (code) => {
          const result = await mfaApi.regenerate(props.userId, code);
          setOpen("none");
          setNewCodes(result.backupCodes);
        }}
      >
        <p>Your current backup codes stop working. Enter a code to continue.</p>
      </CodeActionDialog>
      <CodeActionDialog
        open={open === "disable"}
        title="Turn off two-factor authentication"
        confirmLabel="Turn off"
        danger
        onClose={close}
        onSubmit={async (code) => {
          await mfaApi.disable(props.userId, code);
          finish();
        }}
      >
        <p>Signing in will need only your password. Your backup codes stop working.</p>
      </CodeActionDialog>
    </div>
  );
}
