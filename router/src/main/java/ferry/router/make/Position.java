package ferry.router.make;

/**
 * Where an instance sits in a synthetic run, each number from 1: its patient, its study counted over the whole run
 * (so that accession numbers made from it differ between patients), its series within the study, its instance
 * within the series and its echo (1, or 2 for the second echo of seed 002's Siemens case).
 */
public record Position(int patient, int study, int series, int instance, int echo) {
    public Position {
        if (patient < 1 || study < 1 || series < 1 || instance < 1 || echo < 1) {
            throw new IllegalArgumentException("positions count from 1: " + patient + "/" + study + "/" + series
                    + "/" + instance + "/" + echo);
        }
    }
}
