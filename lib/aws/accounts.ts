import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { assumedRoleAccess, organizationsClient, stsClient, type AccountAccess, type AwsContext } from "./context";

export interface TargetAccount {
  id: string;
  name: string | null;
  state: string | null;
  source: "caller" | "organizations" | "config";
  access: AccountAccess;
}

export interface AccountSelection {
  useOrganizations: boolean;
  /** Explicit accounts (AWS_ACCOUNT_IDS); empty means "decide from the caller / Organizations". */
  accountIds: string[];
  assumeRoleName: string;
}

export async function getCallerAccountId(ctx: AwsContext): Promise<string> {
  const identity = await stsClient(ctx).send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error("sts:GetCallerIdentity returned no Account");
  return identity.Account;
}

/**
 * The accounts a collection visits: the caller's own account with its own credentials, and every
 * other one (ACTIVE Organizations members, or the configured list) through AssumeRole.
 */
export async function listTargetAccounts(ctx: AwsContext, selection: AccountSelection): Promise<TargetAccount[]> {
  const callerId = await getCallerAccountId(ctx);
  const callerAccess: AccountAccess = { accountId: callerId, credentials: ctx.credentials };
  const accessFor = (id: string) =>
    id === callerId ? callerAccess : assumedRoleAccess(ctx, id, selection.assumeRoleName);

  if (selection.accountIds.length > 0) {
    return selection.accountIds.map((id) => ({
      id,
      name: null,
      state: null,
      source: id === callerId ? "caller" : "config",
      access: accessFor(id),
    }));
  }
  if (!selection.useOrganizations) {
    return [{ id: callerId, name: null, state: null, source: "caller", access: callerAccess }];
  }

  const accounts: TargetAccount[] = [];
  for await (const page of paginateListAccounts({ client: organizationsClient(ctx) }, {})) {
    for (const account of page.Accounts ?? []) {
      // `State` replaces the retired `Status`; only ACTIVE accounts can be assumed into.
      if (!account.Id || account.State !== "ACTIVE") continue;
      accounts.push({
        id: account.Id,
        name: account.Name ?? null,
        state: account.State,
        source: account.Id === callerId ? "caller" : "organizations",
        access: accessFor(account.Id),
      });
    }
  }
  return accounts;
}

/**
 * Credentials for one account, as the collector reaches it: the caller's own credentials for its
 * own account, AssumeRole into `assumeRoleName` for any other.
 */
export function accountAccessFor(
  ctx: AwsContext,
  accountId: string,
  callerAccountId: string,
  assumeRoleName: string,
): AccountAccess {
  return accountId === callerAccountId
    ? { accountId, credentials: ctx.credentials }
    : assumedRoleAccess(ctx, accountId, assumeRoleName);
}
