package org.vantage.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * Every module's packages, seen from the command line, which depends on all of them (the benchmark's one package is
 * used by none): no package depends on itself through others.
 */
@AnalyzeClasses(packages = "org.vantage", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    // A rule run from a method: Surefire 3.5.3 does not run rules declared as @ArchTest fields.
    @ArchTest
    static void noPackageOfAnyModuleDependsOnItselfThroughOthers(JavaClasses classes) {
        slices().matching("org.vantage.(**)").should().beFreeOfCycles().check(classes);
    }
}
