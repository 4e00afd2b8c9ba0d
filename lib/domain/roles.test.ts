import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupsFromClaim, hasRole, roleFor, ROLES, type RoleRules } from "./roles";

const rules: RoleRules = {
  adminGroups: ["imds-admins"],
  operatorGroups: ["imds-operators", "platform"],
  adminEmails: ["boss@example.com"],
  operatorEmails: ["ops@example.com"],
};

describe("roleFor", () => {
  it("maps groups and emails to the highest role, everyone else is viewer", () => {
    expect(roleFor({ groups: ["imds-admins"], email: null }, rules)).toBe("admin");
    expect(roleFor({ groups: ["platform", "imds-admins"], email: null }, rules)).toBe("admin");
    expect(roleFor({ groups: ["platform"], email: null }, rules)).toBe("operator");
    expect(roleFor({ groups: [], email: "Boss@Example.com" }, rules)).toBe("admin");
    expect(roleFor({ groups: ["imds-operators"], email: "boss@example.com" }, rules)).toBe("admin");
    expect(roleFor({ groups: [], email: "ops@example.com" }, rules)).toBe("operator");
    expect(roleFor({ groups: ["everyone"], email: "someone@example.com" }, rules)).toBe("viewer");
  });

  it("is never above what some rule grants (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.option(fc.emailAddress(), { nil: null }), (groups, email) => {
        const role = roleFor({ groups, email }, rules);
        const grantsAdmin =
          groups.some((group) => rules.adminGroups.includes(group)) ||
          rules.adminEmails.includes(email?.toLowerCase() ?? "");
        expect(role === "admin").toBe(grantsAdmin);
        expect(
          roleFor({ groups, email }, { adminGroups: [], operatorGroups: [], adminEmails: [], operatorEmails: [] }),
        ).toBe("viewer");
      }),
    );
  });
});

describe("hasRole", () => {
  it("orders viewer < operator < admin", () => {
    expect(ROLES.map((role) => hasRole(role, "operator"))).toEqual([false, true, true]);
    expect(ROLES.map((role) => hasRole(role, "admin"))).toEqual([false, false, true]);
    expect(ROLES.every((role) => hasRole(role, "viewer"))).toBe(true);
  });
});

describe("groupsFromClaim", () => {
  it("reads arrays and space or comma separated strings", () => {
    expect(groupsFromClaim(["a", "b", 3, ""])).toEqual(["a", "b"]);
    expect(groupsFromClaim("a b,c")).toEqual(["a", "b", "c"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
