namespace EndoKED.Portal.Tests;
