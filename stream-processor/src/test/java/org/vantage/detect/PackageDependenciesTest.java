package org.vantage.detect;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages follow the data flow: a measurement is validated, counted into windows, judged per network, assessed
 * per country, turned into incidents and compared across countries. Each stage uses only the stages before it and
 * the shared model, settings and serdes; the HTTP API reads the stores through the model only; the application
 * package wires everything together and nothing depends on it.
 */
@AnalyzeClasses(
        packages = {"org.vantage.detect", "org.vantage.api"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

    // Rules run from methods: Surefire 3.5.3 does not run rules declared as @ArchTest fields.
    @ArchTest
    static void noPackageDependsOnItselfThroughOthers(JavaClasses classes) {
        slices().matching("org.vantage.(**)").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    static void eachStageUsesOnlyEarlierStagesAndTheSharedModel(JavaClasses classes) {
        DATA_FLOW.check(classes);
    }

    static final ArchRule DATA_FLOW = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("app")
            .definedBy("org.vantage.detect")
            .layer("api")
            .definedBy("org.vantage.api..")
            .layer("global")
            .definedBy("org.vantage.detect.global..")
            .layer("incident")
            .definedBy("org.vantage.detect.incident..")
            .layer("national")
            .definedBy("org.vantage.detect.national..")
            .layer("verdict")
            .definedBy("org.vantage.detect.verdict..")
            .layer("window")
            .definedBy("org.vantage.detect.window..")
            .layer("validate")
            .definedBy("org.vantage.detect.validate..")
            .layer("model")
            .definedBy("org.vantage.detect.model..")
            .layer("config")
            .definedBy("org.vantage.detect.config..")
            .layer("serde")
            .definedBy("org.vantage.detect.serde..")
            .whereLayer("app")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("api")
            .mayOnlyAccessLayers("model", "config", "serde")
            .whereLayer("global")
            .mayOnlyAccessLayers("incident", "national", "verdict", "window", "validate", "model", "config", "serde")
            .whereLayer("incident")
            .mayOnlyAccessLayers("national", "verdict", "window", "validate", "model", "config", "serde")
            .whereLayer("national")
            .mayOnlyAccessLayers("verdict", "window", "validate", "model", "config", "serde")
            .whereLayer("verdict")
            .mayOnlyAccessLayers("window", "validate", "model", "config", "serde")
            .whereLayer("window")
            .mayOnlyAccessLayers("validate", "model", "config", "serde")
            .whereLayer("validate")
            .mayOnlyAccessLayers("model", "config", "serde")
            .whereLayer("model")
            .mayOnlyAccessLayers("config", "serde")
            .whereLayer("config")
            .mayNotAccessAnyLayer()
            .whereLayer("serde")
            .mayNotAccessAnyLayer();
}
