// OWL 2 DL profile check with the OWL API (Debian package libowlapi-java).
// Usage: java -cp <owlapi jars>:. OWL2DLCheck FILE...
// Loads every file into one ontology (Turtle, RDF/XML or N-Triples), prints each
// profile violation on its own line and exits 1 when there is any, 0 when the
// ontology is in OWL 2 DL, 2 when a file cannot be read.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OWL2DLCheck {
    public static void main(String[] args) {
        try {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology merged = manager.createOntology(IRI.create("urn:x-kg:profile-check"));
            for (String path : args) {
                OWLOntology part = manager.loadOntologyFromOntologyDocument(new File(path));
                manager.addAxioms(merged, part.axioms());
            }
            OWLProfileReport report = new OWL2DLProfile().checkOntology(merged);
            for (OWLProfileViolation violation : report.getViolations()) {
                System.out.println(violation);
            }
            System.out.println(report.isInProfile() ? "in OWL 2 DL" : "NOT in OWL 2 DL");
            System.exit(report.isInProfile() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("cannot check: " + e);
            System.exit(2);
        }
    }
}
