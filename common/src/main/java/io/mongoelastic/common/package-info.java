/** Shared by both connectors and the worker plugin. */
package io.mongoelastic.common;
