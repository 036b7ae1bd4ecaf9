package io.customauth.benchmarks.hotpath;

import org.openjdk.jmh.annotations.Threads;

/** {@link HotPath} on two threads sharing each cache: both cores of the reference machine. */
@Threads(2)
public class HotPathTwoThreads extends HotPath {}
