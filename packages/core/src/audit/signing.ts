import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { canonicalJson } from "./canonical.js";

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** The Ed25519 key lives outside the database: a PEM file in the data directory, or given by config. */
export function loadOrCreateSigningKey(path: string): SigningKey {
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync("ed25519");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  return signingKeyFromPem(readFileSync(path, "utf8"));
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return { privateKey, publicKeyPem };
}

export interface CheckpointBody {
  namespaceId: string;
  seq: number;
  headHash: string;
  at: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  algorithm: "ed25519";
  publicKey: string;
  signature: string;
}

export function signCheckpoint(key: SigningKey, body: CheckpointBody): SignedCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson(body)), key.privateKey).toString("base64");
  return { ...body, algorithm: "ed25519", publicKey: key.publicKeyPem, signature };
}

/** True when the signature covers exactly this body. Pass the trusted public key to pin it. */
export function checkpointSignatureValid(
  checkpoint: SignedCheckpoint,
  trustedPublicKeyPem?: string,
): boolean {
  const { namespaceId, seq, headHash, at } = checkpoint;
  const pem = trustedPublicKeyPem ?? checkpoint.publicKey;
  try {
    return verify(
      null,
      Buffer.from(canonicalJson({ namespaceId, seq, headHash, at })),
      createPublicKey(pem),
      Buffer.from(checkpoint.signature, "base64"),
    );
  } catch {
    return false;
  }
}
