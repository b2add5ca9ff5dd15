import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { endianness } from "node:os";
import { join } from "node:path";
import type { MatrixSnapshot } from "./matrix.js";

/**
 * A snapshot of one index of the plain engine, in a directory:
 *   <index>.json          the commit point: what the snapshot reflects, and the rows' ids, tags and numbers
 *   <index>.<token>.f32   the rows' normalised vectors, float32 in the machine's byte order
 *   <index>.<token>.hnsw  the HNSW index (hnswlib's own format), labels being rows
 * The files of a snapshot share a token; a snapshot counts once its .json names them.
 */
export interface SnapshotInfo {
  index: string;
  dimension: number;
  embedder: string;
  /** created is the index's creation time in Redis: another value means another index. */
  created: string;
  /** streamId is the last change stream entry the rows reflect. */
  streamId: string;
  hnsw?: {
    m: number;
    efConstruction: number;
    /** stale are the rows the saved HNSW index may hold out of date, or not at all. */
    stale: number[];
  };
}

interface SnapshotFile extends SnapshotInfo {
  format: 1;
  littleEndian: boolean;
  savedAt: string;
  rows: number;
  vectorsFile: string;
  hnswFile?: string;
}

export interface LoadedSnapshot {
  info: SnapshotInfo;
  /** matrix reads the rows' vectors, the larger part of the snapshot, and answers the rows. */
  matrix(): Promise<MatrixSnapshot>;
  /** hnswPath is the saved HNSW index, when there is one. */
  hnswPath?: string;
}

const FORMAT = 1;
const LITTLE_ENDIAN = endianness() === "LE";
/** Files not named by any snapshot are removed once they are this old: another writer may still be committing them. */
const ORPHAN_AGE_MS = 10 * 60_000;
/** Vectors are written this many rows at a time, each chunk copied from the matrix between two events. */
const WRITE_ROWS = 2_048;
/** Rows are turned into JSON this many at a time, yielding to the event loop in between. */
const JSON_ROWS = 1_000;

/** SnapshotStore reads and writes index snapshots in one directory. */
export class SnapshotStore {
  /** previous holds, per index, the files of the last snapshot this store committed. */
  private readonly previous = new Map<string, string[]>();

  constructor(readonly dir: string) {}

  /**
   * write saves a snapshot: the vectors, then (through saveHnsw, when given) the HNSW index, then
   * the .json that commits them, and removes the files of older snapshots of the index. Rows that
   * change while it writes may be saved with either value: every such change comes from a change
   * stream entry after info.streamId, which a restore replays.
   */
  async write(info: SnapshotInfo, matrix: MatrixSnapshot, saveHnsw?: (path: string) => Promise<void>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const token = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
    const vectorsFile = `${info.index}.${token}.f32`;
    const hnswFile = saveHnsw ? `${info.index}.${token}.hnsw` : undefined;
    const written: string[] = [];
    try {
      written.push(vectorsFile);
      await writeVectors(join(this.dir, vectorsFile), matrix);
      if (saveHnsw && hnswFile) {
        written.push(hnswFile);
        await saveHnsw(join(this.dir, hnswFile));
      }
      const header: SnapshotFile = {
        format: FORMAT, littleEndian: LITTLE_ENDIAN, savedAt: new Date().toISOString(), rows: matrix.ids.length, vectorsFile, hnswFile,
        ...info, hnsw: saveHnsw ? info.hnsw : undefined,
      };
      const tmp = join(this.dir, `${info.index}.json.${token}.tmp`);
      await writeJson(tmp, header, matrix);
      await rename(tmp, this.metaPath(info.index));
    } catch (e) {
      for (const f of written) await rm(join(this.dir, f), { force: true });
      await rm(join(this.dir, `${info.index}.json.${token}.tmp`), { force: true });
      throw e;
    }
    for (const f of this.previous.get(info.index) ?? []) await rm(join(this.dir, f), { force: true });
    this.previous.set(info.index, written);
    await this.sweep(info.index, new Set(written));
  }

  /**
   * read returns the index's snapshot, or undefined when there is none; a damaged one throws. It
   * reads the .json at once and the vectors when asked, so that the HNSW index can load meanwhile.
   */
  async read(index: string): Promise<LoadedSnapshot | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.metaPath(index), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    const file = JSON.parse(raw) as SnapshotFile & { ids: (string | null)[]; tags: Record<string, string>[]; numbers: Record<string, number>[] };
    if (file.format !== FORMAT) throw new Error(`snapshot format ${String(file.format)} is not ${FORMAT}`);
    if (file.littleEndian !== LITTLE_ENDIAN) throw new Error("snapshot was written on a machine of the other byte order");
    if (file.index !== index || !Array.isArray(file.ids) || file.ids.length !== file.rows) throw new Error("snapshot header does not match its rows");
    const d = file.dimension;
    const vectorsPath = join(this.dir, file.vectorsFile);
    const size = (await stat(vectorsPath)).size;
    if (size !== file.rows * d * 4) throw new Error(`snapshot vectors take ${size} bytes, expected ${file.rows * d * 4}`);
    const hnswPath = file.hnswFile && file.hnsw ? join(this.dir, file.hnswFile) : undefined;
    if (hnswPath) await stat(hnswPath);
    // The next snapshot written replaces this one: its files go then.
    if (!this.previous.has(index)) this.previous.set(index, [file.vectorsFile, ...(file.hnswFile ? [file.hnswFile] : [])]);
    return {
      info: { index: file.index, dimension: d, embedder: file.embedder, created: file.created, streamId: file.streamId, hnsw: hnswPath ? file.hnsw : undefined },
      async matrix() {
        const bytes = await readFile(vectorsPath);
        const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
        const vectors = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
        if (vectors.length !== file.rows * d) throw new Error(`snapshot vectors hold ${vectors.length} floats, expected ${file.rows * d}`);
        return { dimension: d, ids: file.ids, tags: file.tags, numbers: file.numbers, vectors: (from, to) => vectors.subarray(from * d, to * d) };
      },
      hnswPath,
    };
  }

  /** remove deletes the index's snapshot, as when the index is rebuilt. */
  async remove(index: string): Promise<void> {
    await rm(this.metaPath(index), { force: true });
    await this.sweep(index, new Set(), 0);
  }

  private metaPath(index: string): string {
    return join(this.dir, `${index}.json`);
  }

  /** sweep removes the index's files that the current snapshot does not name and that are old enough. */
  private async sweep(index: string, keep: Set<string>, minAgeMs = ORPHAN_AGE_MS): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const ours = names.filter((n) => n.startsWith(`${index}.`) && /\.(f32|hnsw|tmp)$/.test(n) && !keep.has(n));
    for (const name of ours) {
      const path = join(this.dir, name);
      try {
        if (minAgeMs > 0 && Date.now() - (await stat(path)).mtimeMs < minAgeMs) continue;
        await rm(path, { force: true });
      } catch {
        // Gone already.
      }
    }
  }
}

/** writeVectors writes the rows' vectors a chunk at a time, through one reused buffer. */
async function writeVectors(path: string, matrix: MatrixSnapshot): Promise<void> {
  const file = await open(path, "w");
  const buffer = new Float32Array(WRITE_ROWS * matrix.dimension);
  try {
    for (let at = 0; at < matrix.ids.length; at += WRITE_ROWS) {
      const chunk = matrix.vectors(at, at + WRITE_ROWS, buffer);
      await file.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  } finally {
    await file.close();
  }
}

/** writeJson writes the header and rows as JSON, JSON_ROWS rows at a time, so that no write holds the event loop long. */
async function writeJson(path: string, header: SnapshotFile, matrix: MatrixSnapshot): Promise<void> {
  const file = await open(path, "w");
  try {
    await file.write(JSON.stringify(header).slice(0, -1));
    for (const [name, items] of [["ids", matrix.ids], ["tags", matrix.tags], ["numbers", matrix.numbers]] as const) {
      await file.write(`,"${name}":[`);
      for (let at = 0; at < items.length; at += JSON_ROWS) {
        const chunk = (items as readonly unknown[]).slice(at, at + JSON_ROWS).map((x) => JSON.stringify(x ?? null));
        await file.write((at > 0 ? "," : "") + chunk.join(","));
      }
      await file.write("]");
    }
    await file.write("}");
  } finally {
    await file.close();
  }
}
