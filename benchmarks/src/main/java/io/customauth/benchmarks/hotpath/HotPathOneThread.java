package io.customauth.benchmarks.hotpath;

import org.openjdk.jmh.annotations.Threads;

/** {@link HotPath} on one thread. */
@Threads(1)
public class HotPathOneThread extends HotPath {}
