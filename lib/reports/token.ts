import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/domain/hash";

// A report link carries 128 random bits; the database keeps only their SHA-256, so a leaked table
// (or backup) cannot be turned back into working links.

const TOKEN_BYTES = 16;
/** 16 bytes in base64url: 22 characters of [A-Za-z0-9_-]. */
export const REPORT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const newReportToken = (): string => randomBytes(TOKEN_BYTES).toString("base64url");

export const hashReportToken = (token: string): string => sha256Hex(token);
