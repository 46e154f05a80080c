/** MongoDB source connector. */
package io.mongoelastic.source;
