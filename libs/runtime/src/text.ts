import { configureTextEncoding, getTextEncoding } from "@bufbuild/protobuf/wire";

/**
 * Protobuf-ES encodes every string field through TextEncoder.encode, which allocates a new
 * ArrayBuffer each time: about 0.5 us for a short string, half of it saved by Buffer.from, which
 * copies short strings into Node's shared pool. Messages here carry many short strings (ids,
 * names, event fields), so every process that loads the runtime encodes them that way; decoding
 * and validation stay Protobuf-ES's own.
 */
configureTextEncoding({ ...getTextEncoding(), encodeUtf8: (text: string) => Buffer.from(text, "utf8") as Uint8Array<ArrayBuffer> });
