package io.customauth.runner.imports;

import io.customauth.spi.Connector;
import io.customauth.spi.UploadTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A separate JVM running one import, for the test that kills it part-way with SIGKILL.
 *
 * <p>Arguments: state directory, upload URL template, connector file, input file.
 */
public final class ImportProcessMain {
  private ImportProcessMain() {}

  public static void main(String[] args) {
    Path stateDir = Path.of(args[0]);
    Connector connector =
        new Connector(
            "killable",
            new SequenceTokenStrategy("tok-"),
            Optional.of(new UploadTarget(args[1], "POST", "json", 10, 2, 5)));
    ImportResult result =
        new ImportEngine(ImportOptions.defaults().withStateDir(stateDir))
            .start(
                new ImportRequest(Path.of(args[2]), "p", List.of(Path.of(args[3]))),
                connector,
                new ImportProgress() {
                  @Override
                  public void started(
                      String importId, java.util.OptionalLong estimate, long acknowledged) {
                    System.out.println(importId);
                  }
                });
    System.out.println(result.toJsonString());
    System.exit(result.ok() ? 0 : 4);
  }
}
