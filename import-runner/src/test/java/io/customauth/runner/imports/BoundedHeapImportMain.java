package io.customauth.runner.imports;

import io.customauth.spi.Connector;
import io.customauth.spi.UploadTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A separate JVM running one import with NDJSON bodies of {@code batchSize} 40 and the default
 * {@code maxBatchBytes}, for the test that gives it the launcher's heap.
 *
 * <p>Arguments: state directory, upload URL template, connector file, input file. Exit 0 when the
 * import succeeded, 4 otherwise.
 */
public final class BoundedHeapImportMain {
  private BoundedHeapImportMain() {}

  public static void main(String[] args) {
    Connector connector =
        new Connector(
            "bounded",
            new SequenceTokenStrategy("tok-"),
            Optional.of(new UploadTarget(args[1], "POST", "ndjson", 40, 4, 5)));
    ImportResult result =
        new ImportEngine(ImportOptions.defaults().withStateDir(Path.of(args[0])))
            .start(
                new ImportRequest(Path.of(args[2]), "p", List.of(Path.of(args[3]))),
                connector,
                ImportProgress.NONE);
    System.out.println(result.toJsonString());
    System.exit(result.ok() ? 0 : 4);
  }
}
