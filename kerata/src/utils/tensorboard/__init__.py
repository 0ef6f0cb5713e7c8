"""Writing TensorBoard event files without TensorFlow or protobuf.

`records` frames records the way TFRecord files do (with CRC32C from
`crc`), `protobuf` hand-encodes the few messages TensorBoard reads
(`messages`), `png` encodes images, and `writer.SummaryWriter` ties them
together.
"""
