package dev.arbiter.cli;

/**
 * One input record as read, before decoding: the bytes of a JSONL line (or a Parquet row rendered as JSON).
 *
 * @param number     1-based line or row number, for messages
 * @param bytes      the record's bytes (only a prefix when {@code oversized})
 * @param oversized  the record was longer than the reader's limit and was not kept whole
 * @param fullLength the record's length in bytes
 */
record RawRecord(long number, byte[] bytes, boolean oversized, long fullLength) {
}
