package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A multi-document transaction as the driver names it: the logical session ({@code lsid}, a
 * document {@code {id: <UUID>}}) and the transaction number within that session. Its change events
 * carry both, as MongoDB's do.
 */
record TransactionId(Document lsid, long txnNumber) {}
